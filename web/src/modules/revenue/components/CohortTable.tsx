import { Empty, Table, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Cohort } from '@shared/metrics';
import { formatMoney, formatMonth, formatNumber, formatPercent } from '../../../lib/format';

export type CohortMode = 'customers' | 'revenue';

interface Cell {
  /** Retained share, null when the base is 0. */
  rate: number | null;
  customers: number;
  mrr: number;
  /** Counted at the end of the running month, which has not ended yet. */
  partial: boolean;
}

interface Row {
  key: string;
  cohort: string | null;
  size: number;
  startMrr: number;
  cells: Cell[];
}

/** Retention at month k after sign-up: customers ÷ size, or MRR ÷ the MRR at the end of the first month. */
function rate(mode: CohortMode, customers: number, mrr: number, size: number, startMrr: number) {
  if (mode === 'customers') return size ? customers / size : null;
  return startMrr ? mrr / startMrr : null;
}

function rowOf(cohort: Cohort, mode: CohortMode): Row {
  const startMrr = cohort.months[0]?.mrr ?? 0;
  return {
    key: cohort.cohort,
    cohort: cohort.cohort,
    size: cohort.size,
    startMrr,
    cells: cohort.months.map((m) => ({
      customers: m.customers,
      mrr: m.mrr,
      partial: m.partial,
      rate: rate(mode, m.customers, m.mrr, cohort.size, startMrr),
    })),
  };
}

/** All cohorts together: at each age, the cohorts old enough to have one, pooled. */
function pooled(rows: Row[], mode: CohortMode, ages: number): Row {
  const cells = Array.from({ length: ages }, (_, k) => {
    const old = rows.filter((r) => r.cells.length > k);
    const customers = old.reduce((a, r) => a + r.cells[k]!.customers, 0);
    const mrr = old.reduce((a, r) => a + r.cells[k]!.mrr, 0);
    const size = old.reduce((a, r) => a + r.size, 0);
    const startMrr = old.reduce((a, r) => a + r.startMrr, 0);
    return {
      customers,
      mrr,
      partial: old.some((r) => r.cells[k]!.partial),
      rate: rate(mode, customers, mrr, size, startMrr),
    };
  });
  return {
    key: 'all',
    cohort: null,
    size: rows.reduce((a, r) => a + r.size, 0),
    startMrr: rows.reduce((a, r) => a + r.startMrr, 0),
    cells,
  };
}

/** Blue up to 100 % retained, green beyond (expansion outgrowing churn); darker is more. */
function cellStyle(value: number | null) {
  if (value === null) return {};
  const over = value > 1;
  const strength = over ? Math.min(1, 0.45 + (value - 1) * 2) : Math.max(0.04, value) ** 2;
  const alpha = 0.06 + 0.84 * strength;
  return {
    background: over ? `rgba(47, 158, 68, ${alpha})` : `rgba(59, 91, 219, ${alpha})`,
    color: alpha > 0.55 ? '#fff' : undefined,
  };
}

interface Props {
  cohorts: Cohort[];
  currency: string;
  mode: CohortMode;
  loading: boolean;
}

/** Sign-up cohorts by months since sign-up, each cell the share retained, coloured by it. */
export function CohortTable({ cohorts, currency, mode, loading }: Props) {
  const { t } = useTranslation();
  const rows = cohorts.map((c) => rowOf(c, mode));
  const ages = Math.max(0, ...rows.map((r) => r.cells.length));
  const data = rows.length > 1 ? [...rows, pooled(rows, mode, ages)] : rows;
  const money = (v: number) => formatMoney(v, currency, { narrow: true });

  const ageColumns: ColumnsType<Row> = Array.from({ length: ages }, (_, k) => ({
    key: `m${k}`,
    title: <Tooltip title={t('revenue.cohorts.ageHint', { count: k })}>{t('revenue.cohorts.age', { n: k })}</Tooltip>,
    align: 'center',
    width: 64,
    onCell: (row: Row) => ({ style: { ...cellStyle(row.cells[k]?.rate ?? null), padding: 0 } }),
    render: (_: unknown, row: Row) => {
      const cell = row.cells[k];
      if (!cell) return null;
      const detail =
        mode === 'customers'
          ? t('revenue.cohorts.customersDetail', {
              customers: formatNumber(cell.customers),
              size: formatNumber(row.size),
            })
          : t('revenue.cohorts.revenueDetail', { mrr: money(cell.mrr), start: money(row.startMrr) });
      // The running month's cell is retention so far, outlined and said so.
      const title = cell.partial ? `${detail} · ${t('revenue.partial.tag')}` : detail;
      return (
        <Tooltip title={title}>
          <div
            style={{
              padding: '6px 4px',
              fontVariantNumeric: 'tabular-nums',
              outline: cell.partial ? '1px dashed #d48806' : undefined,
              outlineOffset: -3,
            }}
            data-testid="cohort-cell"
            data-partial={cell.partial || undefined}
          >
            {cell.rate === null ? '—' : formatPercent(cell.rate, 0)}
          </div>
        </Tooltip>
      );
    },
  }));

  return (
    <Table<Row>
      rowKey="key"
      size="small"
      bordered
      loading={loading}
      dataSource={data}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty description={t('revenue.cohorts.empty')} /> }}
      rowClassName={(row) => (row.cohort ? '' : 'tenure-total-row')}
      data-testid="cohort-table"
      columns={[
        {
          title: t('revenue.cohorts.cohort'),
          key: 'cohort',
          fixed: 'left',
          width: 120,
          render: (_, row) => (row.cohort ? formatMonth(row.cohort) : <strong>{t('revenue.cohorts.all')}</strong>),
        },
        {
          title: t('revenue.cohorts.size'),
          key: 'size',
          align: 'right',
          width: 80,
          render: (_, row) => formatNumber(row.size),
        },
        {
          title: t('revenue.cohorts.startMrr'),
          key: 'startMrr',
          align: 'right',
          width: 130,
          render: (_, row) => money(row.startMrr),
        },
        ...ageColumns,
      ]}
    />
  );
}
