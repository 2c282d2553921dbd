import { Col, Empty, Row, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../../components/QueryError';
import { ConcentrationStat } from '../../activation/components/ConcentrationStat';
import { formatDateTime, formatNumber, fromNow } from '../../../lib/format';
import { type UsagePerson, useAccountUsage } from '../hooks/useUsage';
import { UsageChart } from './UsageChart';

const DAYS = 90;

/** Customer 360 → Usage: the last 90 days of product use from the roll-ups, and who used it. */
export function UsageTab({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const range = useMemo(
    () => ({
      from: dayjs()
        .subtract(DAYS - 1, 'day')
        .format('YYYY-MM-DD'),
      to: dayjs().format('YYYY-MM-DD'),
    }),
    [],
  );
  const { daily, active, people } = useAccountUsage(accountId, range);

  const summary = useMemo(() => {
    const since = dayjs().subtract(29, 'day').format('YYYY-MM-DD');
    const recent = (daily.data ?? []).filter((r) => r.date >= since);
    const byEvent = new Map<string, number>();
    for (const r of recent) byEvent.set(r.event, (byEvent.get(r.event) ?? 0) + r.count);
    const top = [...byEvent].sort((a, b) => b[1] - a[1]).slice(0, 5);
    const activeDays = (active.data ?? []).filter((r) => r.date >= since);
    const peak = Math.max(0, ...activeDays.map((r) => r.users));
    return { events: recent.reduce((sum, r) => sum + r.count, 0), peak, top };
  }, [daily.data, active.data]);

  if (daily.isError) return <QueryError error={daily.error} onRetry={() => void daily.refetch()} compact />;
  if (daily.isPending || active.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (!daily.data.length) return <Empty description={t('usage.empty')} />;

  return (
    <>
      <Row gutter={16} style={{ marginBottom: 8 }}>
        <Col xs={12} md={6}>
          <Statistic title={t('usage.events30d')} value={summary.events} formatter={(v) => formatNumber(Number(v))} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('usage.peakUsers30d')} value={summary.peak} formatter={(v) => formatNumber(Number(v))} />
        </Col>
        <Col xs={12} md={6}>
          <ConcentrationStat accountId={accountId} />
        </Col>
        <Col xs={24} md={6}>
          <Typography.Text type="secondary">{t('usage.topEvents')}</Typography.Text>
          <div style={{ marginTop: 6 }}>
            {summary.top.map(([event, count]) => (
              <Tag key={event} style={{ marginBottom: 4 }}>
                {event} · {formatNumber(count)}
              </Tag>
            ))}
          </div>
        </Col>
      </Row>
      <UsageChart from={range.from} to={range.to} daily={daily.data} active={active.data ?? []} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('usage.people')}
      </Typography.Title>
      {people.isError ? (
        <QueryError error={people.error} onRetry={() => void people.refetch()} compact />
      ) : (
        <Table<UsagePerson>
          rowKey="userId"
          size="small"
          loading={people.isPending}
          dataSource={people.data}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 640 }}
          locale={{ emptyText: <Empty description={t('usage.noPeople')} /> }}
          columns={[
            {
              title: t('usage.person'),
              key: 'person',
              render: (_, p) => (
                <div>
                  <Typography.Text strong>{p.name ?? p.email ?? p.userId}</Typography.Text>
                  {p.contactId ? (
                    <Tag color="blue" style={{ marginLeft: 8 }}>
                      {t('usage.contact')}
                    </Tag>
                  ) : null}
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {[p.email, p.anonymous ? t('usage.anonymous', { id: p.userId }) : p.userId]
                        .filter(Boolean)
                        .join(' · ')}
                    </Typography.Text>
                  </div>
                </div>
              ),
            },
            {
              title: t('usage.events'),
              dataIndex: 'events',
              align: 'right',
              width: 110,
              render: formatNumber,
              sorter: (a, b) => a.events - b.events,
            },
            {
              title: t('usage.activeDays'),
              dataIndex: 'activeDays',
              align: 'right',
              width: 110,
              render: formatNumber,
              sorter: (a, b) => a.activeDays - b.activeDays,
            },
            {
              title: t('usage.lastSeen'),
              dataIndex: 'lastSeenAt',
              width: 150,
              render: (v: string) => <span title={formatDateTime(v)}>{fromNow(v)}</span>,
              defaultSortOrder: 'descend',
              sorter: (a, b) => a.lastSeenAt.localeCompare(b.lastSeenAt),
            },
          ]}
        />
      )}
    </>
  );
}
