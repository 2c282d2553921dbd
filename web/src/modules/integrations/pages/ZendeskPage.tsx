import { Alert, App, Button, Card, Col, Empty, Form, Input, Row, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { FullPageSpin } from '../../../components/FullPageSpin';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { formatDateTime, formatNumber } from '../../../lib/format';
import {
  type ConnectorRunView,
  useSaveZendesk,
  useSyncZendesk,
  useTestZendesk,
  useZendeskStatus,
} from '../hooks/useZendesk';

interface Values {
  baseUrl: string;
  email: string;
  apiToken?: string;
  enabled: boolean;
}

const STATUS_COLOR = { running: 'processing', succeeded: 'success', failed: 'error' } as const;

/** Settings → Zendesk: the connection, a connection test, "Sync now" and the sync log (docs/zendesk.md). */
export function ZendeskPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const status = useZendeskStatus();
  const save = useSaveZendesk();
  const test = useTestZendesk();
  const sync = useSyncZendesk();
  const [form] = Form.useForm<Values>();
  const data = status.data;

  useEffect(() => {
    if (data) form.setFieldsValue({ baseUrl: data.baseUrl ?? '', email: data.email ?? '', enabled: data.enabled });
  }, [data, form]);

  if (status.isPending) return <FullPageSpin />;
  if (status.isError) return <QueryError error={status.error} onRetry={() => void status.refetch()} />;
  const s = status.data;

  const submit = (values: Values) =>
    save.mutate(
      { ...values, apiToken: values.apiToken?.trim() || undefined },
      {
        onSuccess: () => form.setFieldValue('apiToken', ''),
        onError: (error) => {
          const rest = applyServerErrors(form, error);
          if (rest) void message.error(rest);
        },
      },
    );

  const columns = [
    {
      title: t('zendesk.runStarted'),
      dataIndex: 'startedAt',
      render: (v: string) => <span className="tenure-num">{formatDateTime(v)}</span>,
    },
    {
      title: t('zendesk.runStatus'),
      dataIndex: 'status',
      render: (v: ConnectorRunView['status'], run: ConnectorRunView) => (
        <Space direction="vertical" size={2}>
          <Tag color={STATUS_COLOR[v]}>{t(`zendesk.status.${v}`)}</Tag>
          {run.error ? <Typography.Text type="danger">{run.error}</Typography.Text> : null}
        </Space>
      ),
    },
    { title: t('zendesk.runTrigger'), dataIndex: 'trigger', render: (v: string) => t(`zendesk.trigger.${v}`) },
    ...(['received', 'inserted', 'updated', 'deleted', 'refused'] as const).map((key) => ({
      title: t(`zendesk.count.${key}`),
      dataIndex: key,
      align: 'right' as const,
      render: (v: number) => <span className="tenure-num">{formatNumber(v)}</span>,
    })),
  ];

  return (
    <>
      <PageHeader title={t('zendesk.title')} subtitle={t('zendesk.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={t('zendesk.connection')} data-testid="zendesk-connection">
            <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
              <Form.Item
                name="baseUrl"
                label={t('zendesk.baseUrl')}
                extra={t('zendesk.baseUrlHelp')}
                rules={[{ required: true, whitespace: true, message: t('zendesk.baseUrlRequired') }]}
              >
                <Input placeholder="acme" data-testid="zendesk-base-url" />
              </Form.Item>
              <Form.Item
                name="email"
                label={t('zendesk.email')}
                rules={[{ required: true, type: 'email', message: t('zendesk.emailRequired') }]}
              >
                <Input autoComplete="off" data-testid="zendesk-email" />
              </Form.Item>
              <Form.Item
                name="apiToken"
                label={t('zendesk.apiToken')}
                extra={s.tokenHint ? t('zendesk.tokenKept', { hint: s.tokenHint }) : t('zendesk.tokenHelp')}
                rules={s.tokenHint ? [] : [{ required: true, whitespace: true, message: t('zendesk.tokenRequired') }]}
              >
                <Input.Password autoComplete="new-password" data-testid="zendesk-token" />
              </Form.Item>
              <Form.Item
                name="enabled"
                label={t('zendesk.enabled')}
                valuePropName="checked"
                extra={t('zendesk.enabledHelp')}
              >
                <Switch data-testid="zendesk-enabled" />
              </Form.Item>
              <Space wrap>
                <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="zendesk-save">
                  {t('common.save')}
                </Button>
                <Button
                  onClick={() => test.mutate()}
                  loading={test.isPending}
                  disabled={!s.tokenHint}
                  data-testid="zendesk-test"
                >
                  {t('zendesk.test')}
                </Button>
                <Button
                  onClick={() => sync.mutate()}
                  loading={sync.isPending}
                  disabled={!s.tokenHint}
                  data-testid="zendesk-sync"
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
                  data-testid="zendesk-test-result"
                />
              ) : null}
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t('zendesk.log')} data-testid="zendesk-log">
            <Table<ConnectorRunView>
              rowKey="id"
              size="small"
              scroll={{ x: 'max-content' }}
              columns={columns}
              dataSource={s.runs}
              pagination={false}
              locale={{ emptyText: <Empty description={t('zendesk.noRuns')} /> }}
              expandable={{
                rowExpandable: (run) => run.refusals.length > 0,
                expandedRowRender: (run) => (
                  <ul style={{ margin: 0, paddingLeft: 16 }} data-testid="zendesk-refusals">
                    {run.refusals.map((r) => (
                      <li key={r.externalId}>
                        <Typography.Text code>{r.externalId}</Typography.Text> {r.reason}
                      </li>
                    ))}
                  </ul>
                ),
              }}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
