import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { FullPageSpin } from '../../../components/FullPageSpin';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { ConnectorRunLog } from '../components/ConnectorRunLog';
import { useHubSpotStatus, useSaveHubSpot, useSyncHubSpot, useTestHubSpot } from '../hooks/useHubSpot';

interface Values {
  accessToken?: string;
  baseUrl?: string;
  enabled: boolean;
  roleProperty: string;
  wonStage: string;
  currency: string;
  interval: 'month' | 'quarter' | 'year';
  writeBack: { healthScore?: string | null; renewalProbability?: string | null; csmOwner?: string | null };
}

const WRITE_BACK = ['healthScore', 'renewalProbability', 'csmOwner'] as const;

/** Settings → HubSpot: the private app's token, the mapping, a connection test, "Sync now" and the sync log (docs/hubspot.md). */
export function HubSpotPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const status = useHubSpotStatus();
  const save = useSaveHubSpot();
  const test = useTestHubSpot();
  const sync = useSyncHubSpot();
  const [form] = Form.useForm<Values>();
  const data = status.data;

  useEffect(() => {
    if (data)
      form.setFieldsValue({
        baseUrl: data.baseUrl ?? '',
        enabled: data.enabled,
        roleProperty: data.roleProperty,
        wonStage: data.wonStage,
        currency: data.currency,
        interval: data.interval,
        writeBack: data.writeBack,
      });
  }, [data, form]);

  if (status.isPending) return <FullPageSpin />;
  if (status.isError) return <QueryError error={status.error} onRetry={() => void status.refetch()} />;
  const s = status.data;

  const submit = (values: Values) =>
    save.mutate(
      {
        ...values,
        baseUrl: values.baseUrl?.trim() || undefined,
        accessToken: values.accessToken?.trim() || undefined,
        currency: values.currency.trim().toUpperCase(),
        // An empty property name is "not written back".
        writeBack: Object.fromEntries(
          WRITE_BACK.map((key) => [key, values.writeBack?.[key]?.trim() || null]),
        ) as Record<(typeof WRITE_BACK)[number], string | null>,
      },
      {
        onSuccess: () => form.setFieldValue('accessToken', ''),
        onError: (error) => {
          const rest = applyServerErrors(form, error);
          if (rest) void message.error(rest);
        },
      },
    );

  return (
    <>
      <PageHeader title={t('hubspot.title')} subtitle={t('hubspot.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={t('zendesk.connection')} data-testid="hubspot-connection">
            <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
              <Form.Item
                name="accessToken"
                label={t('hubspot.accessToken')}
                extra={s.tokenHint ? t('zendesk.tokenKept', { hint: s.tokenHint }) : t('hubspot.tokenHelp')}
                rules={s.tokenHint ? [] : [{ required: true, whitespace: true, message: t('hubspot.tokenRequired') }]}
              >
                <Input.Password autoComplete="new-password" data-testid="hubspot-token" />
              </Form.Item>
              <Form.Item name="roleProperty" label={t('hubspot.roleProperty')} extra={t('hubspot.rolePropertyHelp')}>
                <Input data-testid="hubspot-role-property" />
              </Form.Item>
              <Form.Item name="wonStage" label={t('hubspot.wonStage')} extra={t('hubspot.wonStageHelp')}>
                <Input data-testid="hubspot-won-stage" />
              </Form.Item>
              <Space wrap align="start">
                <Form.Item name="currency" label={t('hubspot.currency')} extra={t('hubspot.currencyHelp')}>
                  <Input maxLength={3} style={{ width: 100 }} data-testid="hubspot-currency" />
                </Form.Item>
                <Form.Item name="interval" label={t('hubspot.interval')} extra={t('hubspot.intervalHelp')}>
                  <Select
                    style={{ width: 140 }}
                    data-testid="hubspot-interval"
                    options={(['month', 'quarter', 'year'] as const).map((v) => ({
                      value: v,
                      label: t(`hubspot.intervals.${v}`),
                    }))}
                  />
                </Form.Item>
              </Space>
              <Typography.Title level={5}>{t('hubspot.writeBack')}</Typography.Title>
              <Typography.Paragraph type="secondary">{t('hubspot.writeBackHelp')}</Typography.Paragraph>
              {WRITE_BACK.map((key) => (
                <Form.Item key={key} name={['writeBack', key]} label={t(`hubspot.writeBackFields.${key}`)}>
                  <Input placeholder={t('hubspot.writeBackOff')} data-testid={`hubspot-write-${key}`} />
                </Form.Item>
              ))}
              <Form.Item name="baseUrl" label={t('hubspot.baseUrl')} extra={t('hubspot.baseUrlHelp')}>
                <Input placeholder="https://api.hubapi.com" data-testid="hubspot-base-url" />
              </Form.Item>
              <Form.Item
                name="enabled"
                label={t('zendesk.enabled')}
                valuePropName="checked"
                extra={t('hubspot.enabledHelp')}
              >
                <Switch data-testid="hubspot-enabled" />
              </Form.Item>
              <Space wrap>
                <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="hubspot-save">
                  {t('common.save')}
                </Button>
                <Button
                  onClick={() => test.mutate()}
                  loading={test.isPending}
                  disabled={!s.tokenHint}
                  data-testid="hubspot-test"
                >
                  {t('zendesk.test')}
                </Button>
                <Button
                  onClick={() => sync.mutate()}
                  loading={sync.isPending}
                  disabled={!s.tokenHint}
                  data-testid="hubspot-sync"
                >
                  {t('zendesk.syncNow')}
                </Button>
              </Space>
              {test.data ? (
                <Alert
                  style={{ marginTop: 12 }}
                  showIcon
                  type={test.data.ok ? 'success' : 'error'}
                  message={test.data.ok ? t('zendesk.testOk') : test.data.message}
                  data-testid="hubspot-test-result"
                />
              ) : null}
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t('zendesk.log')} data-testid="hubspot-log">
            <ConnectorRunLog runs={s.runs} testId="hubspot-runs" writtenBack />
          </Card>
        </Col>
      </Row>
    </>
  );
}
