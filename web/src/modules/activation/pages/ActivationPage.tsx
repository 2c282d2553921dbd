import { ACTIVATION_HORIZONS, type CohortCurve, type Concentration } from '@shared/activation';
import { Alert, Card, Empty, Flex, Segmented, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryError } from '../../../components/QueryError';
import { formatMonth, formatNumber, formatPercent } from '../../../lib/format';
import { CohortChart } from '../components/CohortChart';
import { RetentionCard } from '../components/RetentionCard';
import { useActivationCohorts, useConcentration } from '../hooks/useActivation';

const MARKS = [7, 14, 30, 60, 90, 180];
type Concentrated = Concentration['mostConcentrated'][number];

/** Reports → Activation: key-behaviour cohort curves with their flattening day, the 90-day rule, and the 90/10 view. */
export function ActivationPage() {
  const { t } = useTranslation();
  const [horizon, setHorizon] = useState<number>(90);
  const cohorts = useActivationCohorts(horizon, 12);
  const concentration = useConcentration();
  const marks = MARKS.filter((d) => d <= horizon);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="activation-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('activation.title')}
      </Typography.Title>
      <Card
        title={t('activation.cohortsTitle')}
        extra={
          <Segmented
            value={horizon}
            onChange={(v) => setHorizon(Number(v))}
            options={ACTIVATION_HORIZONS.map((h) => ({ value: h, label: t('activation.days', { count: h }) }))}
            data-testid="activation-horizon"
          />
        }
      >
        {cohorts.isError ? (
          <QueryError error={cohorts.error} onRetry={() => void cohorts.refetch()} compact />
        ) : cohorts.isPending ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : !cohorts.data.keyBehaviour ? (
          <Alert
            type="info"
            showIcon
            message={t('activation.noKeyBehaviour')}
            description={<Link to="/events">{t('activation.setKeyBehaviour')}</Link>}
            data-testid="activation-no-key"
          />
        ) : (
          <>
            <Typography.Paragraph type="secondary">
              {t('activation.cohortsHelp', {
                event: cohorts.data.keyBehaviour.event,
                count: cohorts.data.keyBehaviour.times,
              })}
            </Typography.Paragraph>
            {cohorts.data.cohorts.length === 0 ? (
              <Empty description={t('activation.noCohorts')} />
            ) : (
              <>
                <CohortChart cohorts={cohorts.data.cohorts} horizon={horizon} />
                <Table<CohortCurve>
                  rowKey="month"
                  size="small"
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  dataSource={cohorts.data.cohorts}
                  data-testid="activation-table"
                  columns={[
                    { title: t('activation.month'), dataIndex: 'month', render: (m: string) => formatMonth(m) },
                    {
                      title: t('activation.accounts'),
                      dataIndex: 'accounts',
                      align: 'right',
                      render: (n: number) => <span className="tenure-num">{formatNumber(n)}</span>,
                    },
                    ...marks.map((d) => ({
                      key: `d${d}`,
                      title: t('activation.byDay', { day: d }),
                      align: 'right' as const,
                      render: (_: unknown, c: CohortCurve) => (
                        <span className="tenure-num">{d <= c.days ? formatPercent(c.shares[d]) : '—'}</span>
                      ),
                    })),
                    {
                      title: t('activation.flattensAt'),
                      dataIndex: 'flattensAt',
                      align: 'right',
                      render: (d: number | null, c: CohortCurve) =>
                        d === null ? (
                          <Typography.Text type="secondary">{t('activation.notFlat')}</Typography.Text>
                        ) : (
                          <span className="tenure-num">
                            {t('activation.flatDay', { day: d, share: formatPercent(c.shares[d]) })}
                          </span>
                        ),
                    },
                  ]}
                />
              </>
            )}
          </>
        )}
      </Card>
      <RetentionCard />
      <Card title={t('activation.concentrationTitle')} data-testid="concentration">
        {concentration.isError ? (
          <QueryError error={concentration.error} onRetry={() => void concentration.refetch()} compact />
        ) : concentration.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : (
          <>
            <Typography.Paragraph type="secondary">
              {t('activation.concentrationHelp', {
                days: concentration.data.days,
                users: concentration.data.minimumUsers,
              })}
            </Typography.Paragraph>
            <Flex gap={32} wrap style={{ marginBottom: 16 }}>
              <Statistic title={t('activation.accountsCounted')} value={formatNumber(concentration.data.accounts)} />
              <Statistic
                title={t('activation.medianShare')}
                value={concentration.data.median === null ? '—' : formatPercent(concentration.data.median)}
              />
            </Flex>
            <Table
              rowKey="from"
              size="small"
              pagination={false}
              style={{ marginBottom: 16 }}
              data-testid="concentration-buckets"
              dataSource={concentration.data.buckets}
              columns={[
                {
                  title: t('activation.band'),
                  render: (_: unknown, b: { from: number; to: number }) =>
                    `${formatPercent(b.from, 0)} – ${formatPercent(b.to, 0)}`,
                },
                {
                  title: t('activation.accounts'),
                  dataIndex: 'accounts',
                  align: 'right',
                  render: (n: number) => <span className="tenure-num">{formatNumber(n)}</span>,
                },
              ]}
            />
            <Typography.Title level={5}>{t('activation.mostConcentrated')}</Typography.Title>
            <Table<Concentrated>
              rowKey="accountId"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              data-testid="concentration-list"
              dataSource={concentration.data.mostConcentrated}
              locale={{ emptyText: t('activation.noConcentration') }}
              columns={[
                {
                  title: t('activation.account'),
                  dataIndex: 'name',
                  render: (name: string, r: Concentrated) => <Link to={`/accounts/${r.accountId}`}>{name}</Link>,
                },
                {
                  title: t('activation.share'),
                  dataIndex: 'share',
                  align: 'right',
                  render: (v: number | null) => <span className="tenure-num">{formatPercent(v)}</span>,
                },
                {
                  title: t('activation.people'),
                  align: 'right',
                  render: (_: unknown, r: Concentrated) => (
                    <span className="tenure-num">{t('activation.topOf', { top: r.topUsers, users: r.users })}</span>
                  ),
                },
                {
                  title: t('activation.events'),
                  align: 'right',
                  render: (_: unknown, r: Concentrated) => (
                    <span className="tenure-num">
                      {formatNumber(r.topEvents)} / {formatNumber(r.events)}
                    </span>
                  ),
                },
              ]}
            />
          </>
        )}
      </Card>
    </Space>
  );
}
