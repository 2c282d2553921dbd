import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Card, Col, Flex, Row, Skeleton, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MetricsSummary } from '@shared/metrics';
import { formatMonth } from '../../../lib/format';
import { type Change, change, formatValue, health, KPI_CARDS, type MetricSpec } from '../metrics';
import { MetricLabel } from './MetricLabel';

export const TONE_COLORS = { good: '#389e0d', bad: '#cf1322', neutral: 'rgba(0,0,0,0.45)' } as const;

export function ChangeText({ value }: { value: Change | null }) {
  if (!value) return <Typography.Text type="secondary">—</Typography.Text>;
  const Icon = value.direction === 'up' ? ArrowUpOutlined : value.direction === 'down' ? ArrowDownOutlined : null;
  return (
    <span style={{ color: TONE_COLORS[value.tone], whiteSpace: 'nowrap' }}>
      {Icon ? <Icon style={{ fontSize: 10, marginRight: 2 }} /> : null}
      {value.text}
    </span>
  );
}

function HealthTag({ spec, value }: { spec: MetricSpec; value: number | null }) {
  const { t } = useTranslation();
  if (!spec.healthy) return null;
  const state = health(spec, value);
  const threshold =
    spec.healthy.min !== undefined
      ? t('revenue.kpis.healthyAtLeast', { value: spec.healthy.min })
      : t('revenue.kpis.healthyAtMost', { value: spec.healthy.max });
  return (
    <Tooltip title={state ? t(`revenue.kpis.${state}`) : undefined}>
      <Tag
        color={state === 'healthy' ? 'success' : state === 'unhealthy' ? 'error' : 'default'}
        style={{ marginInlineEnd: 0 }}
      >
        {threshold}
      </Tag>
    </Tooltip>
  );
}

function KpiCard({ spec, summary, filtered }: { spec: MetricSpec; summary: MetricsSummary; filtered: boolean }) {
  const { t } = useTranslation();
  const current = spec.value(summary);
  const caveat = filtered && spec.usesSpend;
  // Company-wide spend over a filtered subset's new customers is no verdict on the subset.
  const state = caveat ? undefined : health(spec, current);
  const comparisons = [
    { key: 'mom', earlier: summary.previousMonth },
    { key: 'yoy', earlier: summary.yearAgo },
  ];
  return (
    <Card size="small" style={{ height: '100%' }} data-testid={`kpi-${spec.key}`}>
      <Flex justify="space-between" align="center" gap={8} style={{ minHeight: 24 }}>
        <Typography.Text type="secondary">
          <MetricLabel metric={spec.key} warning={caveat ? t('revenue.kpis.spendCaveat') : undefined} />
        </Typography.Text>
        <HealthTag spec={spec} value={caveat ? null : current} />
      </Flex>
      <div
        style={{
          fontSize: 24,
          fontWeight: 600,
          lineHeight: '36px',
          fontVariantNumeric: 'tabular-nums',
          color: state ? TONE_COLORS[state === 'healthy' ? 'good' : 'bad'] : undefined,
        }}
        data-testid="kpi-value"
      >
        {formatValue(spec.kind, current, summary.currency, t)}
      </div>
      <Flex gap={16} wrap style={{ fontSize: 12 }}>
        {comparisons.map(({ key, earlier }) => (
          <Tooltip
            key={key}
            title={t('revenue.kpis.compared', {
              month: formatMonth(earlier.month, 'long'),
              value: formatValue(spec.kind, spec.value(earlier), summary.currency, t),
            })}
          >
            <span>
              <Typography.Text type="secondary" style={{ fontSize: 12, marginRight: 4 }}>
                {t(`revenue.kpis.${key}`)}
              </Typography.Text>
              <ChangeText value={change(spec, current, spec.value(earlier), t)} />
            </span>
          </Tooltip>
        ))}
      </Flex>
    </Card>
  );
}

/** The month's headline figures, each with month-over-month and year-over-year change. */
export function KpiCards({
  summary,
  loading,
  filtered,
}: {
  summary: MetricsSummary | undefined;
  loading: boolean;
  filtered: boolean;
}) {
  return (
    <Row gutter={[16, 16]}>
      {KPI_CARDS.map((spec) => (
        <Col key={spec.key} xs={24} sm={12} xl={6}>
          {summary ? (
            <KpiCard spec={spec} summary={summary} filtered={filtered} />
          ) : (
            <Card size="small">
              <Skeleton active={loading} title={false} paragraph={{ rows: 3 }} />
            </Card>
          )}
        </Col>
      ))}
    </Row>
  );
}
