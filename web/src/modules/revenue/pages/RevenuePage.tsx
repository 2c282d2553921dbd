import { FileExcelOutlined, FileTextOutlined } from '@ant-design/icons';
import { Button, Card, Collapse, Flex, Segmented, Skeleton, Tooltip, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MovementType, MrrMonth } from '@shared/metrics';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { formatMonth } from '../../../lib/format';
import { CohortTable, type CohortMode } from '../components/CohortTable';
import { DrillDownDrawer, type DrillTarget } from '../components/DrillDownDrawer';
import { KpiCards } from '../components/KpiCards';
import { Definition } from '../components/MetricLabel';
import { MonthlyTable } from '../components/MonthlyTable';
import { MoreMetrics } from '../components/MoreMetrics';
import { MovementsChart } from '../components/MovementsChart';
import { PartialMonthTag } from '../components/PartialMonthTag';
import { RevenueEmpty, RevenueError } from '../components/RevenueStates';
import { RevenueFilters } from '../components/RevenueFilters';
import { SecondaryMetrics } from '../components/SecondaryMetrics';
import { exportUrl, reportPeriod, scopeOf, useCohorts, useMrr, useSummary } from '../hooks/useMetrics';
import { hasScopeFilters, useRevenueFilters } from '../hooks/useRevenueFilters';

/** Nothing at all happened in the period: no MRR at either end and no movement. */
const isEmptyPeriod = (months: MrrMonth[]) =>
  months.every(
    (m) =>
      !m.startingMrr &&
      !m.endingMrr &&
      !m.newMrr &&
      !m.expansionMrr &&
      !m.contractionMrr &&
      !m.churnedMrr &&
      !m.reactivationMrr,
  );

function SectionHint({ children }: { children: string }) {
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
      {children}
    </Typography.Text>
  );
}

/** Revenue: MRR and its movements, retention and unit economics, with the accounts behind every figure. */
export function RevenuePage() {
  const { t } = useTranslation();
  const { filters, update } = useRevenueFilters();
  const scope = scopeOf(filters);
  const summary = useSummary(filters.to, scope);
  const period = reportPeriod(filters, summary.data?.month);
  const mrr = useMrr(period.from, period.to, scope);
  const cohorts = useCohorts(period.from, period.to, scope);
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const [cohortMode, setCohortMode] = useState<CohortMode>('customers');
  const onSelectBar = useCallback(
    (month: string, type: MovementType, figure: string) => setDrill({ kind: 'movements', figure, month, type }),
    [],
  );

  const error = summary.error ?? mrr.error;
  const months = mrr.data?.months;
  const currency = mrr.data?.currency ?? summary.data?.currency ?? 'CNY';
  const empty = Boolean(months && isEmptyPeriod(months));
  const scoped = hasScopeFilters(filters);
  const clearScope = () => update({ segment: undefined, plan: undefined, csm: undefined });

  const exportButtons =
    period.from && period.to && !error && !empty ? (
      <>
        <Tooltip title={t('revenue.export.help')}>
          <Button
            icon={<FileTextOutlined />}
            href={exportUrl('csv', period.from, period.to, scope)}
            data-testid="export-csv"
          >
            {t('revenue.export.csv')}
          </Button>
        </Tooltip>
        <Tooltip title={t('revenue.export.help')}>
          <Button
            icon={<FileExcelOutlined />}
            href={exportUrl('xlsx', period.from, period.to, scope)}
            data-testid="export-xlsx"
          >
            {t('revenue.export.xlsx')}
          </Button>
        </Tooltip>
      </>
    ) : null;

  return (
    <>
      <PageHeader title={t('revenue.title')} subtitle={t('revenue.subtitle')} extra={exportButtons} />
      <Flex vertical gap={16}>
        <Card size="small">
          <RevenueFilters
            filters={filters}
            period={period}
            currentMonth={summary.data?.currentMonth}
            onChange={update}
          />
        </Card>

        {error ? (
          <RevenueError
            error={error}
            onRetry={() => {
              void summary.refetch();
              if (period.from) void mrr.refetch();
            }}
          />
        ) : empty ? (
          <RevenueEmpty filtered={scoped} onClearFilters={clearScope} />
        ) : (
          <>
            <Flex vertical gap={12}>
              <Flex align="baseline" gap={12} wrap>
                <Typography.Title level={5} style={{ margin: 0 }} data-testid="kpi-month">
                  {summary.data ? formatMonth(summary.data.month, 'long') : '\u00a0'}
                </Typography.Title>
                {summary.data?.partial ? <PartialMonthTag month={summary.data.month} /> : null}
                {summary.data ? (
                  <SectionHint>
                    {t('revenue.kpis.comparedWith', {
                      previous: formatMonth(summary.data.previousMonth.month, 'long'),
                      yearAgo: formatMonth(summary.data.yearAgo.month, 'long'),
                    })}
                  </SectionHint>
                ) : null}
              </Flex>
              <KpiCards summary={summary.data} loading={summary.isFetching} filtered={scoped} />
              {summary.data ? (
                <>
                  <SecondaryMetrics summary={summary.data} filtered={scoped} />
                  <Collapse
                    size="small"
                    style={{ background: '#fff' }}
                    items={[
                      {
                        key: 'more',
                        label: t('revenue.more.title', { month: formatMonth(summary.data.month, 'long') }),
                        children: <MoreMetrics summary={summary.data} filtered={scoped} />,
                      },
                    ]}
                  />
                </>
              ) : null}
            </Flex>

            <Card
              title={
                <Flex align="center" gap={8}>
                  {t('revenue.chart.title')}
                  <Definition metric="movements" />
                </Flex>
              }
              extra={<SectionHint>{t('revenue.chart.clickHint')}</SectionHint>}
            >
              {months ? (
                <MovementsChart months={months} currency={currency} onSelect={onSelectBar} />
              ) : (
                <Skeleton active paragraph={{ rows: 8 }} />
              )}
            </Card>

            <Card
              title={t('revenue.table.title')}
              extra={<SectionHint>{t('revenue.table.hint')}</SectionHint>}
              styles={{ body: { padding: 0 } }}
            >
              <MonthlyTable months={months ?? []} currency={currency} loading={mrr.isFetching} onDrill={setDrill} />
            </Card>

            <Card
              title={
                <Flex align="center" gap={8}>
                  {t('revenue.cohorts.title')}
                  <Definition
                    metric={cohortMode === 'customers' ? 'cohortCustomers' : 'cohortRevenue'}
                    title={t('revenue.cohorts.title')}
                  />
                </Flex>
              }
              extra={
                <Segmented<CohortMode>
                  value={cohortMode}
                  onChange={setCohortMode}
                  options={[
                    { value: 'customers', label: t('revenue.cohorts.customers') },
                    { value: 'revenue', label: t('revenue.cohorts.revenue') },
                  ]}
                  data-testid="cohort-mode"
                />
              }
              styles={{ body: { padding: 0 } }}
            >
              {cohorts.isError ? (
                <QueryError error={cohorts.error} onRetry={() => void cohorts.refetch()} compact />
              ) : (
                <CohortTable
                  cohorts={cohorts.data?.cohorts ?? []}
                  currency={currency}
                  mode={cohortMode}
                  loading={cohorts.isFetching}
                />
              )}
            </Card>
          </>
        )}
      </Flex>
      <DrillDownDrawer target={drill} scope={scope} onClose={() => setDrill(null)} />
    </>
  );
}
