import {
  App,
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, errorMessage } from '../../../api/forms';
import { FullPageSpin } from '../../../components/FullPageSpin';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { formatDateTime, formatNumber, fromNow } from '../../../lib/format';
import { useSetStripeSecret, useStripeStatus } from '../hooks/useStripe';

/** The events to enable on the Stripe endpoint (docs/billing.md). */
const EVENTS = [
  'customer.created',
  'customer.updated',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
  'customer.discount.created',
  'customer.discount.updated',
  'customer.discount.deleted',
  'coupon.created',
  'coupon.updated',
  'coupon.deleted',
];

/** Settings → Stripe: where to point Stripe, the signing secret, and what has arrived. */
export function StripePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const status = useStripeStatus();
  const save = useSetStripeSecret();
  const [form] = Form.useForm<{ webhookSecret: string }>();

  if (status.isPending) return <FullPageSpin />;
  if (status.isError) return <QueryError error={status.error} onRetry={() => void status.refetch()} />;
  const s = status.data;
  const fromEnv = s.secretSource === 'env';

  const submit = ({ webhookSecret }: { webhookSecret: string }) =>
    save.mutate(webhookSecret.trim(), {
      onSuccess: () => {
        form.resetFields();
        void message.success(t('common.saved'));
      },
      onError: (error) => {
        const rest = applyServerErrors(form, error);
        if (rest) void message.error(rest);
      },
    });
  const clear = () =>
    save.mutate(null, {
      onSuccess: () => void message.success(t('stripe.cleared')),
      onError: (error) => void message.error(errorMessage(error)),
    });

  const sourceTag =
    s.secretSource === 'env' ? (
      <Tag color="blue">{t('stripe.sourceEnv')}</Tag>
    ) : s.secretSource === 'settings' ? (
      <Tag color="green">{t('stripe.sourceSettings')}</Tag>
    ) : (
      <Tag color="orange">{t('stripe.sourceNone')}</Tag>
    );

  return (
    <>
      <PageHeader title={t('stripe.title')} subtitle={t('stripe.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('stripe.connect')} data-testid="stripe-connect">
            <Descriptions column={1} size="small" styles={{ label: { width: 180 } }}>
              <Descriptions.Item label={t('stripe.webhookUrl')}>
                <Typography.Text copyable code data-testid="stripe-webhook-url">
                  {s.webhookUrl}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('stripe.events')}>
                <Space size={[4, 4]} wrap>
                  {EVENTS.map((e) => (
                    <Tag key={e} style={{ fontFamily: 'monospace' }}>
                      {e}
                    </Tag>
                  ))}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('stripe.secret')}>{sourceTag}</Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              {t('stripe.steps')}
            </Typography.Paragraph>
            {fromEnv ? (
              <Alert type="info" showIcon message={t('stripe.envWins')} />
            ) : (
              <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
                <Form.Item
                  name="webhookSecret"
                  label={s.secretSource ? t('stripe.replaceSecret') : t('stripe.secret')}
                  extra={t('stripe.secretHelp')}
                  rules={[{ required: true, whitespace: true, message: t('stripe.secretRequired') }]}
                >
                  <Input.Password placeholder="whsec_…" autoComplete="off" data-testid="stripe-secret" />
                </Form.Item>
                <Space>
                  <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="stripe-save">
                    {t('common.save')}
                  </Button>
                  {s.secretSource === 'settings' ? (
                    <Button danger onClick={clear} disabled={save.isPending}>
                      {t('stripe.clear')}
                    </Button>
                  ) : null}
                </Space>
              </Form>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('stripe.status')} data-testid="stripe-status">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('stripe.lastEvent')}>
                {s.lastEvent ? (
                  <span title={formatDateTime(s.lastEvent.receivedAt)}>
                    <Typography.Text code>{s.lastEvent.type}</Typography.Text> {fromNow(s.lastEvent.receivedAt)}
                  </span>
                ) : (
                  <Typography.Text type="secondary">{t('stripe.noEvents')}</Typography.Text>
                )}
              </Descriptions.Item>
            </Descriptions>
            <Row gutter={[16, 16]} style={{ marginTop: 12 }}>
              <Col span={8}>
                <Statistic title={t('stripe.eventsApplied')} value={formatNumber(s.events.applied)} />
              </Col>
              <Col span={8}>
                <Statistic title={t('stripe.eventsStale')} value={formatNumber(s.events.stale)} />
              </Col>
              <Col span={8}>
                <Statistic title={t('stripe.eventsIgnored')} value={formatNumber(s.events.ignored)} />
              </Col>
              <Col span={8}>
                <Statistic title={t('stripe.customers')} value={formatNumber(s.customers)} />
              </Col>
              <Col span={8}>
                <Statistic title={t('stripe.subscriptions')} value={formatNumber(s.subscriptions)} />
              </Col>
              <Col span={8}>
                <Statistic title={t('stripe.invoices')} value={formatNumber(s.invoices)} />
              </Col>
            </Row>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              {t('stripe.staleHelp')}
            </Typography.Paragraph>
            {s.refusals.length > 0 && (
              <>
                <Typography.Title level={5} style={{ marginTop: 16 }}>
                  {t('stripe.refusedTitle', { count: s.events.refused })}
                </Typography.Title>
                <Typography.Paragraph type="secondary">{t('stripe.refusedHelp')}</Typography.Paragraph>
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={s.refusals}
                  columns={[
                    {
                      title: t('stripe.refusedReceived'),
                      dataIndex: 'receivedAt',
                      render: (v: string) => formatDateTime(v),
                      width: 170,
                    },
                    {
                      title: t('stripe.refusedEvent'),
                      dataIndex: 'type',
                      render: (v: string, r) => (
                        <span title={r.id}>
                          <Typography.Text code>{v}</Typography.Text>
                        </span>
                      ),
                    },
                    { title: t('stripe.refusedReason'), dataIndex: 'reason' },
                  ]}
                />
              </>
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
