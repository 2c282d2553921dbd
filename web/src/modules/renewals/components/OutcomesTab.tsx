import { Card, Col, DatePicker, Row, Space, Spin, Statistic, Table } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../../components/QueryError';
import { formatMoney } from '../../../lib/format';
import { type OutcomeGroup, useForecast, useOutcomes } from '../hooks/useRenewals';

/** Counts and ARR per outcome and per churn reason for renewals dated in a period (seed 004 step 8: 保留记录). */
export function OutcomesTab() {
  const { t } = useTranslation();
  // The server's today (its clock, TENURE_NOW included), not the browser's.
  const asOf = useForecast({}).data?.asOf;
  const [chosen, setRange] = useState<[string, string] | null>(null);
  const range: [string, string] = chosen ?? [
    dayjs(asOf).subtract(12, 'month').format('YYYY-MM-DD'),
    dayjs(asOf).add(180, 'day').format('YYYY-MM-DD'),
  ];
  const report = useOutcomes(range[0], range[1]);
  if (report.error) return <QueryError error={report.error} onRetry={() => report.refetch()} compact />;
  const currency = report.data?.currency ?? 'CNY';
  const money = (v: number) => formatMoney(v, currency, { narrow: true });
  const columns = (prefix: string) => [
    {
      key: 'key',
      title: t(prefix === 'outcomes' ? 'renewals.outcome' : 'renewals.churnReason'),
      render: (_: unknown, g: OutcomeGroup) => t(`renewals.${prefix}.${g.key}`),
    },
    { key: 'count', title: t('renewals.count'), align: 'right' as const, dataIndex: 'count' },
    {
      key: 'arr',
      title: t('renewals.arrUp'),
      align: 'right' as const,
      render: (_: unknown, g: OutcomeGroup) => money(g.arrMinor),
    },
    {
      key: 'new',
      title: t('renewals.arrAfter'),
      align: 'right' as const,
      render: (_: unknown, g: OutcomeGroup) => money(g.newArrMinor),
    },
  ];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <DatePicker.RangePicker
        value={[dayjs(range[0]), dayjs(range[1])]}
        allowClear={false}
        onChange={(v) => v?.[0] && v[1] && setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')])}
      />
      {!report.data ? (
        <Spin />
      ) : (
        <>
          <Row gutter={16}>
            <Col span={8}>
              <Statistic title={t('renewals.outcomesRecorded')} value={report.data.total.count} />
            </Col>
            <Col span={8}>
              <Statistic title={t('renewals.arrUp')} value={money(report.data.total.arrMinor)} />
            </Col>
            <Col span={8}>
              <Statistic title={t('renewals.arrAfter')} value={money(report.data.total.newArrMinor)} />
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('renewals.byOutcome')}>
                <Table
                  size="small"
                  rowKey="key"
                  pagination={false}
                  dataSource={report.data.byOutcome}
                  columns={columns('outcomes')}
                  locale={{ emptyText: t('renewals.noOutcomes') }}
                  data-testid="outcomes-table"
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('renewals.byReason')}>
                <Table
                  size="small"
                  rowKey="key"
                  pagination={false}
                  dataSource={report.data.byReason}
                  columns={columns('reasons')}
                  locale={{ emptyText: t('renewals.noOutcomes') }}
                  data-testid="reasons-table"
                />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </Space>
  );
}
