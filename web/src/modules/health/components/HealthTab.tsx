import type { AccountScorecardHealth, MeasureValue } from '@shared/health';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { QueryError } from '../../../components/QueryError';
import { formatDate, formatDateTime, formatNumber } from '../../../lib/format';
import { useCan } from '../../auth/hooks/useMe';
import { useAccountHealth, useScorecards, useSetSentiment } from '../hooks/useHealth';
import { HealthBadge, TrendArrow } from './HealthBadge';
import { HistoryChart } from './HealthCharts';

const measureName = (t: (k: string) => string, m: { type: string; attributeKey: string | null }) =>
  m.type === 'custom_attribute'
    ? `${t('health.measure.custom_attribute')}: ${m.attributeKey}`
    : t(`health.measure.${m.type}`);

/** Customer 360 → Health: every applicable scorecard on its own, the CSM's sentiment and the end users. */
export function HealthTab({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const health = useAccountHealth(accountId);
  const cards = useScorecards();
  if (health.isPending) return <Skeleton active />;
  if (health.isError) return <QueryError error={health.error} onRetry={() => void health.refetch()} />;
  const h = health.data;
  const bands = new Map((cards.data ?? []).map((c) => [c.id, c]));
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="health-tab">
      {h.scorecards.length ? (
        h.scorecards.map((s) => (
          <ScorecardPanel
            key={s.scorecardId}
            s={s}
            redBelow={bands.get(s.scorecardId)?.redBelow ?? 40}
            greenFrom={bands.get(s.scorecardId)?.greenFrom ?? 70}
          />
        ))
      ) : (
        <Empty description={t('health.noScore')} />
      )}
      <SentimentCard accountId={accountId} current={h.sentiment} />
      <Card size="small" title={t('health.endUsers')}>
        <Table
          size="small"
          rowKey="person"
          dataSource={h.contacts}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t('health.noEndUsers') }}
          columns={[
            { title: t('health.contact'), render: (_, c) => c.name ?? c.email ?? c.person },
            {
              title: t('health.score'),
              render: (_, c) => (c.score === null || !c.color ? '—' : <HealthBadge score={c.score} color={c.color} />),
            },
            { title: t('health.activeDays30'), dataIndex: 'activeDays30' },
            { title: t('health.npsLatest'), render: (_, c) => c.npsLatest ?? '—' },
            {
              title: t('health.lastSeen'),
              render: (_, c) => (c.lastSeenAt ? formatDateTime(String(c.lastSeenAt)) : '—'),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

function ScorecardPanel({
  s,
  redBelow,
  greenFrom,
}: {
  s: AccountScorecardHealth;
  redBelow: number;
  greenFrom: number;
}) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      data-testid="health-scorecard"
      title={
        <Space>
          <HealthBadge score={s.score} color={s.color} />
          <span>{s.scorecardName}</span>
          {s.primary ? <Tag>{t('health.primary')}</Tag> : null}
        </Space>
      }
      extra={
        <Space size={16}>
          <TrendArrow trend={s.trend7} days={7} />
          <TrendArrow trend={s.trend30} days={30} />
          <Typography.Text type="secondary">{formatDate(s.day)}</Typography.Text>
        </Space>
      }
    >
      <Table<MeasureValue>
        size="small"
        rowKey="measureId"
        pagination={false}
        dataSource={s.measures}
        columns={[
          { title: t('health.measureCol'), render: (_, m) => measureName(t, m) },
          {
            title: t('health.value'),
            render: (_, m) =>
              m.value === null ? (
                <Tag data-testid="measure-missing">{t('health.missing')}</Tag>
              ) : (
                formatNumber(Math.round(m.value * 10) / 10)
              ),
          },
          { title: t('health.score'), render: (_, m) => (m.score === null ? '—' : formatNumber(m.score)) },
          {
            title: t('health.weight'),
            render: (_, m) => `${formatNumber(m.weight)}${m.score === null ? '' : ` (${Math.round(m.share * 100)} %)`}`,
          },
        ]}
      />
      {s.history.length > 1 ? <HistoryChart history={s.history} redBelow={redBelow} greenFrom={greenFrom} /> : null}
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        {s.since ? t('health.whyChanged', { since: formatDate(s.since) }) : t('health.whyChangedNone')}
      </Typography.Title>
      {s.since ? (
        <List
          size="small"
          dataSource={s.changes}
          locale={{ emptyText: t('health.noChange') }}
          data-testid="health-changes"
          renderItem={(c) => (
            <List.Item>
              <span>{measureName(t, c)}</span>
              <Typography.Text type={c.points < 0 ? 'danger' : 'success'}>
                {c.points > 0 ? '+' : ''}
                {formatNumber(c.points)} {t('health.points')}
              </Typography.Text>
            </List.Item>
          )}
        />
      ) : null}
    </Card>
  );
}

function SentimentCard({
  accountId,
  current,
}: {
  accountId: string;
  current: { value: number; comment: string | null; expiresOn: string; setBy: string | null; current: boolean } | null;
}) {
  const { t } = useTranslation();
  const canWrite = useCan('write');
  const { message } = App.useApp();
  const save = useSetSentiment(accountId);
  const [form] = Form.useForm<{ value: number; comment?: string; expiresOn: dayjs.Dayjs }>();
  const submit = (v: { value: number; comment?: string; expiresOn: dayjs.Dayjs }) =>
    save.mutate(
      { value: v.value, comment: v.comment ?? null, expiresOn: v.expiresOn.format('YYYY-MM-DD') },
      {
        onError: (e) => {
          const rest = applyServerErrors(form, e);
          if (rest) message.error(rest);
        },
      },
    );
  return (
    <Card size="small" title={t('health.sentiment')}>
      {current ? (
        <Typography.Paragraph data-testid="sentiment-current">
          {t('health.sentimentNow', {
            value: current.value,
            expires: formatDate(current.expiresOn),
            by: current.setBy ?? '—',
          })}
          {current.current ? null : <Tag style={{ marginLeft: 8 }}>{t('health.expired')}</Tag>}
          {current.comment ? <Typography.Text type="secondary"> — {current.comment}</Typography.Text> : null}
        </Typography.Paragraph>
      ) : (
        <Typography.Paragraph type="secondary">{t('health.noSentiment')}</Typography.Paragraph>
      )}
      {canWrite ? (
        <Form
          form={form}
          layout="inline"
          onFinish={submit}
          initialValues={{ value: 3, expiresOn: dayjs().add(30, 'day') }}
        >
          <Form.Item name="value" label={t('health.sentimentValue')} rules={[{ required: true }]}>
            <InputNumber min={1} max={5} data-testid="sentiment-value" />
          </Form.Item>
          <Form.Item name="expiresOn" label={t('health.expiresOn')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="comment" label={t('health.comment')}>
            <Input maxLength={2000} style={{ width: 240 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="sentiment-save">
            {t('health.saveSentiment')}
          </Button>
        </Form>
      ) : null}
      {save.isSuccess ? (
        <Alert type="success" showIcon message={t('health.sentimentSaved')} style={{ marginTop: 8 }} />
      ) : null}
    </Card>
  );
}
