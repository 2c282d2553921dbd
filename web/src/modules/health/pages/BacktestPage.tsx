import { Alert, Card, DatePicker, Descriptions, Empty, Select, Space, Spin, Statistic, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../../components/QueryError';
import { useDocumentTitle } from '../../../hooks/useDocumentTitle';
import { formatDate, formatPercent } from '../../../lib/format';
import { HEALTH_TAG } from '../components/HealthBadge';
import { BacktestCharts } from '../components/HealthCharts';
import { useBacktest, useScorecards } from '../hooks/useHealth';

const VERDICT_TYPE = { predictive: 'success', weak: 'warning', not_predictive: 'error', insufficient: 'info' } as const;

/** Does the score tell churn from renewal 90 days ahead? ROC AUC, the curve and churn per colour band. */
export function BacktestPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('health.backtest.title'));
  const cards = useScorecards();
  const [scorecardId, setScorecardId] = useState<string>();
  const [range, setRange] = useState<[string, string] | null>(null);
  const result = useBacktest({ scorecardId, from: range?.[0], to: range?.[1] });
  return (
    <Card
      title={t('health.backtest.title')}
      extra={
        <Space wrap>
          <Select
            style={{ width: 260 }}
            placeholder={t('health.backtest.primary')}
            allowClear
            value={scorecardId}
            onChange={setScorecardId}
            options={(cards.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
          <DatePicker.RangePicker
            value={range ? [dayjs(range[0]), dayjs(range[1])] : null}
            onChange={(v) => setRange(v?.[0] && v[1] ? [v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')] : null)}
          />
        </Space>
      }
    >
      {result.isError ? <QueryError error={result.error} onRetry={() => void result.refetch()} /> : null}
      {result.isPending ? <Spin /> : null}
      {result.data ? (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Alert
            type={VERDICT_TYPE[result.data.verdict]}
            showIcon
            data-testid="backtest-verdict"
            data-verdict={result.data.verdict}
            message={t(`health.backtest.verdict.${result.data.verdict}`)}
            description={t('health.backtest.explain', { lead: result.data.leadDays })}
          />
          <Space size={32} wrap>
            <Statistic
              title="ROC AUC"
              value={result.data.auc ?? '—'}
              precision={result.data.auc === null ? undefined : 3}
            />
            <Statistic title={t('health.backtest.churned')} value={result.data.churned} />
            <Statistic title={t('health.backtest.renewed')} value={result.data.renewed} />
            <Statistic title={t('health.backtest.unscored')} value={result.data.events - result.data.scored} />
          </Space>
          <Descriptions
            size="small"
            column={2}
            items={[
              { key: 'card', label: t('health.scorecard'), children: result.data.scorecardName },
              {
                key: 'period',
                label: t('health.backtest.period'),
                children: `${formatDate(result.data.from)} – ${formatDate(result.data.to)}`,
              },
            ]}
          />
          {result.data.scored ? <BacktestCharts result={result.data} /> : <Empty />}
          <Table
            size="small"
            rowKey="color"
            pagination={false}
            dataSource={result.data.bands}
            columns={[
              {
                title: t('health.backtest.band'),
                render: (_, b) => <Tag color={HEALTH_TAG[b.color]}>{t(`health.color.${b.color}`)}</Tag>,
              },
              { title: t('health.backtest.accounts'), dataIndex: 'accounts' },
              { title: t('health.backtest.churned'), dataIndex: 'churned' },
              {
                title: t('health.backtest.churnRate'),
                render: (_, b) => (b.churnRate === null ? '—' : formatPercent(b.churnRate)),
              },
            ]}
          />
        </Space>
      ) : null}
    </Card>
  );
}
