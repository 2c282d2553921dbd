import { Card, Col, Row, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MetricsSummary } from '@shared/metrics';
import { formatMonth } from '../../../lib/format';
import { change, formatValue, MORE_METRICS } from '../metrics';
import { ChangeText } from './KpiCards';
import { MetricLabel } from './MetricLabel';

const SHOWN = ['trailingNrr', 'trailingGrr', 'arpa', 'ltv', 'cac', 'averageContractValue', 'averageContractTerm'];
const SPECS = MORE_METRICS.filter((s) => SHOWN.includes(s.key));

/** A second row: trailing-12-month retention, unit economics and contracts, with their month-over-month change. */
export function SecondaryMetrics({ summary, filtered }: { summary: MetricsSummary; filtered: boolean }) {
  const { t } = useTranslation();
  return (
    <Card size="small" styles={{ body: { padding: '12px 16px' } }}>
      <Row gutter={[24, 12]}>
        {SPECS.map((spec) => (
          <Col key={spec.key} flex="1 1 150px" data-testid={`metric-${spec.key}`}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <MetricLabel
                metric={spec.key}
                warning={filtered && spec.usesSpend ? t('revenue.kpis.spendCaveat') : undefined}
              />
            </Typography.Text>
            <div style={{ fontSize: 16, fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}>
              {formatValue(spec.kind, spec.value(summary), summary.currency, t)}
            </div>
            <Tooltip
              title={t('revenue.kpis.compared', {
                month: formatMonth(summary.previousMonth.month, 'long'),
                value: formatValue(spec.kind, spec.value(summary.previousMonth), summary.currency, t),
              })}
            >
              <span style={{ fontSize: 12 }}>
                <Typography.Text type="secondary" style={{ fontSize: 12, marginRight: 4 }}>
                  {t('revenue.kpis.mom')}
                </Typography.Text>
                <ChangeText value={change(spec, spec.value(summary), spec.value(summary.previousMonth), t)} />
              </span>
            </Tooltip>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
