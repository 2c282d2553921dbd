import { Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { MovementType, MrrMonth } from '@shared/metrics';
import { formatMoney, formatMonth, formatNumber } from '../../../lib/format';
import type { DrillTarget } from './DrillDownDrawer';
import { Definition } from './MetricLabel';
import { PartialMonthTag } from './PartialMonthTag';

interface Figure {
  figure: string;
  value: (m: MrrMonth) => number;
  money: boolean;
  /** Losses are written negative. */
  negative?: boolean;
  drill: (month: string) => DrillTarget;
}

const movements =
  (figure: string, type?: MovementType) =>
  (month: string): DrillTarget => ({ kind: 'movements', figure, month, type });
const paying =
  (figure: string, at: 'start' | 'end') =>
  (month: string): DrillTarget => ({ kind: 'customers', figure, month, at });

/** One column per MRR figure; where the API counts the customers behind it, the count sits under the amount. */
const COLUMNS: { label: string; mrr: Figure; customers?: Figure }[] = [
  {
    label: 'starting',
    mrr: { figure: 'startingMrr', value: (m) => m.startingMrr, money: true, drill: paying('startingMrr', 'start') },
    customers: {
      figure: 'customersStarting',
      value: (m) => m.customers.starting,
      money: false,
      drill: paying('customersStarting', 'start'),
    },
  },
  {
    label: 'new',
    mrr: { figure: 'newMrr', value: (m) => m.newMrr, money: true, drill: movements('newMrr', 'new') },
    customers: {
      figure: 'customersNew',
      value: (m) => m.customers.new,
      money: false,
      drill: movements('customersNew', 'new'),
    },
  },
  {
    label: 'expansion',
    mrr: {
      figure: 'expansionMrr',
      value: (m) => m.expansionMrr,
      money: true,
      drill: movements('expansionMrr', 'expansion'),
    },
  },
  {
    label: 'reactivation',
    mrr: {
      figure: 'reactivationMrr',
      value: (m) => m.reactivationMrr,
      money: true,
      drill: movements('reactivationMrr', 'reactivation'),
    },
    customers: {
      figure: 'customersReactivated',
      value: (m) => m.customers.reactivated,
      money: false,
      drill: movements('customersReactivated', 'reactivation'),
    },
  },
  {
    label: 'contraction',
    mrr: {
      figure: 'contractionMrr',
      value: (m) => m.contractionMrr,
      money: true,
      negative: true,
      drill: movements('contractionMrr', 'contraction'),
    },
  },
  {
    label: 'churned',
    mrr: {
      figure: 'churnedMrr',
      value: (m) => m.churnedMrr,
      money: true,
      negative: true,
      drill: movements('churnedMrr', 'churn'),
    },
    customers: {
      figure: 'customersChurned',
      value: (m) => m.customers.churned,
      money: false,
      negative: true,
      drill: movements('customersChurned', 'churn'),
    },
  },
  {
    label: 'netNew',
    mrr: { figure: 'netNewMrr', value: (m) => m.netNewMrr, money: true, drill: movements('netNewMrr') },
  },
  {
    label: 'ending',
    mrr: { figure: 'endingMrr', value: (m) => m.endingMrr, money: true, drill: paying('endingMrr', 'end') },
    customers: {
      figure: 'customersEnding',
      value: (m) => m.customers.ending,
      money: false,
      drill: paying('customersEnding', 'end'),
    },
  },
];

interface Props {
  months: MrrMonth[];
  currency: string;
  loading: boolean;
  onDrill: (target: DrillTarget) => void;
}

/** One row per month: every MRR movement and customer count, each a way into the accounts behind it. */
export function MonthlyTable({ months, currency, loading, onDrill }: Props) {
  const { t } = useTranslation();

  const figure = (f: Figure, m: MrrMonth, strong: boolean) => {
    const value = f.value(m);
    const signed = f.negative && value ? -value : value;
    const shown = f.money
      ? formatMoney(signed, currency, { narrow: true })
      : t('revenue.table.customerCount', { count: signed, formatted: formatNumber(signed) });
    if (!value) return <span className="tenure-muted">{shown}</span>;
    return (
      <button
        type="button"
        className="tenure-figure"
        onClick={() => onDrill(f.drill(m.month))}
        title={t('revenue.table.drillTitle', {
          figure: t(`revenue.metrics.${f.figure}`),
          month: formatMonth(m.month, 'long'),
        })}
        data-testid={`figure-${m.month}-${f.figure}`}
        style={{
          fontWeight: strong ? 600 : undefined,
          color: f.figure === 'netNewMrr' && value < 0 ? '#cf1322' : undefined,
        }}
      >
        {shown}
      </button>
    );
  };

  const columns: ColumnsType<MrrMonth> = COLUMNS.map((c) => ({
    key: c.label,
    align: 'right',
    title: (
      <span style={{ whiteSpace: 'nowrap' }}>
        {t(`revenue.table.${c.label}`)} <Definition metric={c.mrr.figure} also={c.customers?.figure} />
      </span>
    ),
    render: (_, m) => (
      <div>
        <div>{figure(c.mrr, m, c.label === 'ending')}</div>
        {c.customers ? <div style={{ fontSize: 12 }}>{figure(c.customers, m, false)}</div> : null}
      </div>
    ),
  }));

  return (
    <Table<MrrMonth>
      rowKey="month"
      size="small"
      bordered
      loading={loading}
      dataSource={months}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="monthly-table"
      columns={[
        {
          title: t('revenue.table.month'),
          dataIndex: 'month',
          fixed: 'left',
          // Room for the running month's tag when it is in the period.
          width: months.some((m) => m.partial) ? 180 : 96,
          render: (month: string, m) => (
            <span style={{ whiteSpace: 'nowrap' }}>
              {formatMonth(month)}
              {m.partial ? <PartialMonthTag month={month} compact /> : null}
            </span>
          ),
        },
        ...columns,
      ]}
    />
  );
}
