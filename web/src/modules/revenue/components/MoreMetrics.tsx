import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MetricsSummary } from '@shared/metrics';
import { formatMonth } from '../../../lib/format';
import { change, formatValue, MORE_METRICS, type MetricSpec } from '../metrics';
import { ChangeText } from './KpiCards';
import { MetricLabel } from './MetricLabel';

/** The rest of the month's figures (trailing retention, unit economics, contracts) beside the month before and the year before. */
export function MoreMetrics({ summary, filtered }: { summary: MetricsSummary; filtered: boolean }) {
  const { t } = useTranslation();
  const value = (spec: MetricSpec, which: 'current' | 'previousMonth' | 'yearAgo') =>
    formatValue(spec.kind, spec.value(which === 'current' ? summary : summary[which]), summary.currency, t);
  const numeric = { align: 'right' as const, width: 150, className: 'tenure-num' };
  return (
    <Table<MetricSpec>
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={MORE_METRICS}
      scroll={{ x: 860 }}
      data-testid="more-metrics"
      columns={[
        {
          title: t('revenue.more.metric'),
          key: 'metric',
          render: (_, spec) => (
            <MetricLabel
              metric={spec.key}
              warning={filtered && spec.usesSpend ? t('revenue.kpis.spendCaveat') : undefined}
            />
          ),
        },
        {
          ...numeric,
          title: formatMonth(summary.month, 'long'),
          key: 'current',
          render: (_, spec) => <strong>{value(spec, 'current')}</strong>,
        },
        {
          ...numeric,
          title: formatMonth(summary.previousMonth.month, 'long'),
          key: 'previous',
          render: (_, spec) => value(spec, 'previousMonth'),
        },
        {
          ...numeric,
          width: 110,
          title: t('revenue.kpis.mom'),
          key: 'mom',
          render: (_, spec) => (
            <ChangeText value={change(spec, spec.value(summary), spec.value(summary.previousMonth), t)} />
          ),
        },
        {
          ...numeric,
          title: formatMonth(summary.yearAgo.month, 'long'),
          key: 'yearAgo',
          render: (_, spec) => value(spec, 'yearAgo'),
        },
        {
          ...numeric,
          width: 110,
          title: t('revenue.kpis.yoy'),
          key: 'yoy',
          render: (_, spec) => <ChangeText value={change(spec, spec.value(summary), spec.value(summary.yearAgo), t)} />,
        },
      ]}
    />
  );
}
