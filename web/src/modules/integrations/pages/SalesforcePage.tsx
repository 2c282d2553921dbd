import { Alert, App, Button, Card, Col, Form, Input, Radio, Row, Select, Space, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { FullPageSpin } from '../../../components/FullPageSpin';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { ConnectorRunLog } from '../components/ConnectorRunLog';
import { useSalesforceStatus, useSaveSalesforce, useSyncSalesforce, useTestSalesforce } from '../hooks/useSalesforce';

interface Values {
  baseUrl: string;
  auth: 'accessToken' | 'clientCredentials';
  accessToken?: string;
  clientId?: string;
  clientSecret?: string;
  enabled: boolean;
  roleField: string;
  currency: string;
  multiCurrency: boolean;
  interval: 'month' | 'quarter' | 'year';
  writeBack: { healthScore?: string | null; renewalProbability?: string | null; csmOwner?: string | null };
}

const WRITE_BACK = ['healthScore', 'renewalProbability', 'csmOwner'] as const;

/** Settings → Salesforce: the org's address and a way in, the mapping, a connection test, "Sync now" and the sync log (docs/salesforce.md). */
export function SalesforcePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const status = useSalesforceStatus();
  const save = useSaveSalesforce();
  const test = useTestSalesforce();
  const sync = useSyncSalesforce();
  const [form] = Form.useForm<Values>();
  const auth = Form.useWatch('auth', form);
  const data = status.data;

  useEffect(() => {
    if (data)
      form.setFieldsValue({
        baseUrl: data.baseUrl ?? '',
        auth: data.auth,
        clientId: data.clientId ?? '',
        enabled: data.enabled,
        roleField: data.roleField,
        currency: data.currency,
        multiCurrency: data.multiCurrency,
        interval: data.interval,
        writeBack: data.writeBack,
      });
  }, [data, form]);

  if (status.isPending) return <FullPageSpin />;
  if (status.isError) return <QueryError error={status.error} onRetry={() => void status.refetch()} />;
  const s = status.data;
  // A kept secret belongs to the way in it was saved with.
  const secretKept = s.tokenHint && (auth ?? s.auth) === s.auth ? s.tokenHint : null;

  const submit = (values: Values) =>
    save.mutate(
      {
        ...values,
        baseUrl: values.baseUrl.trim(),
        accessToken: values.auth === 'accessToken' ? values.accessToken?.trim() || undefined : undefined,
        clientId: values.auth === 'clientCredentials' ? values.clientId?.trim() || undefined : undefined,
        clientSecret: values.auth === 'clientCredentials' ? values.clientSecret?.trim() || undefined : undefined,
        roleField: values.roleField?.trim() ?? '',
        currency: values.currency.trim().toUpperCase(),
        // An empty field name is "not written back".
        writeBack: Object.fromEntries(
          WRITE_BACK.map((key) => [key, values.writeBack?.[key]?.trim() || null]),
        ) as Record<(typeof WRITE_BACK)[number], string | null>,
      },
      {
        onSuccess: () => form.setFieldsValue({ accessToken: '', clientSecret: '' }),
        onError: (error) => {
          const rest = applyServerErrors(form, error);
          if (rest) void message.error(rest);
        },
      },
    );

  const kept = secretKept ? t('zendesk.tokenKept', { hint: secretKept }) : undefined;

  return (
    <>
      <PageHeader title={t('salesforce.title')} subtitle={t('salesforce.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={t('zendesk.connection')} data-testid="salesforce-connection">
            <Form
              form={form}
              layout="vertical"
              onFinish={submit}
              requiredMark={false}
              initialValues={{ auth: 'accessToken' }}
            >
              <Form.Item
                name="baseUrl"
                label={t('salesforce.baseUrl')}
                extra={t('salesforce.baseUrlHelp')}
                rules={[{ required: true, whitespace: true, message: t('salesforce.baseUrlRequired') }]}
              >
                <Input placeholder="https://acme.my.salesforce.com" data-testid="salesforce-base-url" />
              </Form.Item>
              <Form.Item name="auth" label={t('salesforce.auth')}>
                <Radio.Group data-testid="salesforce-auth">
                  <Radio value="accessToken">{t('salesforce.auths.accessToken')}</Radio>
                  <Radio value="clientCredentials">{t('salesforce.auths.clientCredentials')}</Radio>
                </Radio.Group>
              </Form.Item>
              {(auth ?? s.auth) === 'clientCredentials' ? (
                <>
                  <Form.Item
                    name="clientId"
                    label={t('salesforce.clientId')}
                    extra={t('salesforce.clientHelp')}
                    rules={[{ required: true, whitespace: true, message: t('salesforce.clientIdRequired') }]}
                  >
                    <Input data-testid="salesforce-client-id" />
                  </Form.Item>
                  <Form.Item
                    name="clientSecret"
                    label={t('salesforce.clientSecret')}
                    extra={kept}
                    rules={
                      secretKept ? [] : [{ required: true, whitespace: true, message: t('salesforce.secretRequired') }]
                    }
                  >
                    <Input.Password autoComplete="new-password" data-testid="salesforce-client-secret" />
                  </Form.Item>
                </>
              ) : (
                <Form.Item
                  name="accessToken"
                  label={t('salesforce.accessToken')}
                  extra={kept ?? t('salesforce.tokenHelp')}
                  rules={
                    secretKept ? [] : [{ required: true, whitespace: true, message: t('salesforce.tokenRequired') }]
                  }
                >
                  <Input.Password autoComplete="new-password" data-testid="salesforce-token" />
                </Form.Item>
              )}
              <Form.Item name="roleField" label={t('salesforce.roleField')} extra={t('salesforce.roleFieldHelp')}>
                <Input placeholder={t('salesforce.roleFieldOff')} data-testid="salesforce-role-field" />
              </Form.Item>
              <Space wrap align="start">
                <Form.Item name="currency" label={t('salesforce.currency')} extra={t('salesforce.currencyHelp')}>
                  <Input maxLength={3} style={{ width: 100 }} data-testid="salesforce-currency" />
                </Form.Item>
                <Form.Item name="interval" label={t('hubspot.interval')} extra={t('salesforce.intervalHelp')}>
                  <Select
                    style={{ width: 140 }}
                    data-testid="salesforce-interval"
                    options={(['month', 'quarter', 'year'] as const).map((v) => ({
                      value: v,
                      label: t(`hubspot.intervals.${v}`),
                    }))}
                  />
                </Form.Item>
              </Space>
              <Form.Item
                name="multiCurrency"
                label={t('salesforce.multiCurrency')}
                valuePropName="checked"
                extra={t('salesforce.multiCurrencyHelp')}
              >
                <Switch data-testid="salesforce-multi-currency" />
              </Form.Item>
              <Typography.Title level={5}>{t('salesforce.writeBack')}</Typography.Title>
              <Typography.Paragraph type="secondary">{t('salesforce.writeBackHelp')}</Typography.Paragraph>
              {WRITE_BACK.map((key) => (
                <Form.Item key={key} name={['writeBack', key]} label={t(`hubspot.writeBackFields.${key}`)}>
                  <Input placeholder={t('hubspot.writeBackOff')} data-testid={`salesforce-write-${key}`} />
                </Form.Item>
              ))}
              <Form.Item
                name="enabled"
                label={t('zendesk.enabled')}
                valuePropName="checked"
                extra={t('salesforce.enabledHelp')}
              >
                <Switch data-testid="salesforce-enabled" />
              </Form.Item>
              <Space wrap>
                <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="salesforce-save">
                  {t('common.save')}
                </Button>
                <Button
                  onClick={() => test.mutate()}
                  loading={test.isPending}
                  disabled={!s.tokenHint}
                  data-testid="salesforce-test"
                >
                  {t('zendesk.test')}
                </Button>
                <Button
                  onClick={() => sync.mutate()}
                  loading={sync.isPending}
                  disabled={!s.tokenHint}
                  data-testid="salesforce-sync"
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
                  data-testid="salesforce-test-result"
                />
              ) : null}
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t('zendesk.log')} data-testid="salesforce-log">
            <ConnectorRunLog runs={s.runs} testId="salesforce-runs" writtenBack />
          </Card>
        </Col>
      </Row>
    </>
  );
}
