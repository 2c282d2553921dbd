import { DeleteOutlined, FastForwardOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Form,
  type FormInstance,
  InputNumber,
  Skeleton,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { FormListFieldData } from 'antd/es/form/FormList';
import type { Dayjs } from 'dayjs';
import { type HTMLAttributes, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, errorMessage } from '../../../api/forms';
import { QueryError } from '../../../components/QueryError';
import { formatMoney, formatMonth, formatPercent } from '../../../lib/format';
import { addMonths, monthsBetween } from '../../revenue/months';
import { currencyDigits, currencySymbol, toMajor, toMinor } from '../currencies';
import { type Finance, useFinance, useSaveFinance } from '../hooks/useRevenueSettings';
import { ServerIssues } from './ServerIssues';

/** One month as the form edits it: spend in major units (¥3,000.00), gross margin in percent. */
interface MonthRow {
  month: string;
  spend: number | null;
  margin: number | null;
}
interface Values {
  months: MonthRow[];
}

/** Fill forward adds at most this many months at once. */
const MAX_FILL = 36;

/** 0.805 ↔ 80.5 without floating-point noise (80.50000000000001). */
const clean = (n: number) => Number(n.toPrecision(12));
/** 3000 → "3,000.00" (the currency's decimals, thousands grouped) for the spend inputs. */
function groupDigits(value: string | number | undefined, digits: number) {
  const n = Number(value);
  if (value === undefined || value === '' || !Number.isFinite(n)) return value === undefined ? '' : String(value);
  const [whole, fraction] = n.toFixed(digits).split('.');
  return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction ? `.${fraction}` : ''}`;
}
const byMonthDesc = (a: MonthRow, b: MonthRow) => b.month.localeCompare(a.month);

const toRows = (finance: Finance, currency: string): MonthRow[] =>
  Object.entries(finance)
    .map(([month, v]) => ({
      month,
      spend:
        v.salesMarketingSpendMinor === null || v.salesMarketingSpendMinor === undefined
          ? null
          : toMajor(v.salesMarketingSpendMinor, currency),
      margin: v.grossMargin === null || v.grossMargin === undefined ? null : clean(v.grossMargin * 100),
    }))
    .sort(byMonthDesc);

const toFinance = (rows: MonthRow[], currency: string): Finance =>
  Object.fromEntries(
    rows.map((r) => [
      r.month,
      {
        salesMarketingSpendMinor: r.spend === null || r.spend === undefined ? null : toMinor(r.spend, currency),
        grossMargin: r.margin === null || r.margin === undefined ? null : clean(r.margin / 100),
      },
    ]),
  );

/** The same months and figures (a missing figure and null alike), whatever the order. */
function sameFinance(a: Finance, b: Finance) {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every(
      (k) =>
        b[k] !== undefined &&
        (a[k]!.salesMarketingSpendMinor ?? null) === (b[k]!.salesMarketingSpendMinor ?? null) &&
        (a[k]!.grossMargin ?? null) === (b[k]!.grossMargin ?? null),
    )
  );
}

/** The gross margin a month without its own uses: the latest one entered before it (docs/metrics.md). */
function inheritedMargin(rows: MonthRow[], month: string): { month: string; margin: number } | undefined {
  const earlier = rows
    .filter((r) => r.month < month && r.margin !== null && r.margin !== undefined)
    .sort(byMonthDesc)[0];
  return earlier ? { month: earlier.month, margin: earlier.margin! } : undefined;
}

interface Props {
  editable: boolean;
  /** The base currency spend is entered in; undefined while it is loading or the report cannot run. */
  currency: string | undefined;
  currencyPending: boolean;
  currencyError: unknown;
  /** The server's current month, the end of "fill forward". */
  currentMonth: string | undefined;
}

/** Sales & marketing spend and gross margin per month: what CAC, LTV and CAC payback are computed from. */
export function FinanceCard({ editable, currency, currencyPending, currencyError, currentMonth }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const finance = useFinance();
  const save = useSaveFinance();
  const [serverError, setServerError] = useState<unknown>(null);

  const submit = (values: Values, form: FormInstance<Values>) => {
    if (!currency) return;
    setServerError(null);
    const rows = values.months ?? [];
    save.mutate(toFinance(rows, currency), {
      onSuccess: () => void message.success(t('revenueSettings.finance.saved')),
      onError: (error) => {
        const fieldMap = Object.fromEntries(
          rows.flatMap((r, i) => [
            [`${r.month}.salesMarketingSpendMinor`, ['months', i, 'spend']],
            [`${r.month}.grossMargin`, ['months', i, 'margin']],
          ]),
        );
        applyServerErrors(form, error, fieldMap);
        setServerError(error);
      },
    });
  };

  const describePath = ([month, field]: string[]) =>
    [
      month && /^\d{4}-\d{2}$/.test(month) ? formatMonth(month, 'long') : month,
      field === 'grossMargin'
        ? t('revenueSettings.finance.grossMargin')
        : field === 'salesMarketingSpendMinor'
          ? t('revenueSettings.finance.spendShort')
          : field,
    ]
      .filter(Boolean)
      .join(' · ');

  let body;
  if (finance.isPending || currencyPending) body = <Skeleton active />;
  else if (finance.isError) body = <QueryError error={finance.error} onRetry={() => void finance.refetch()} compact />;
  else if (!currency)
    // Spend is stored in the base currency's minor units: without knowing it (CNY 2 decimals, JPY 0), nothing can be entered.
    body = (
      <Alert
        type="warning"
        showIcon
        message={t('revenueSettings.finance.noCurrency')}
        description={errorMessage(currencyError)}
        data-testid="finance-no-currency"
      />
    );
  else
    body = (
      <MonthsForm
        key={finance.dataUpdatedAt}
        saved={finance.data}
        currency={currency}
        currentMonth={currentMonth}
        editable={editable}
        saving={save.isPending}
        onSubmit={submit}
      />
    );

  return (
    <Card title={t('revenueSettings.finance.title')} data-testid="finance-card">
      <Typography.Paragraph>
        {currency ? t('revenueSettings.finance.help', { currency }) : t('revenueSettings.finance.helpNoCurrency')}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('revenueSettings.finance.blanks')}</Typography.Paragraph>
      {serverError ? (
        <ServerIssues error={serverError} describePath={describePath} onClose={() => setServerError(null)} />
      ) : null}
      {body}
    </Card>
  );
}

interface FormProps {
  saved: Finance;
  currency: string;
  currentMonth: string | undefined;
  editable: boolean;
  saving: boolean;
  /** Gets the form too, to put the server's objections on its fields. */
  onSubmit: (values: Values, form: FormInstance<Values>) => void;
}

/** A month's name in the table; the month itself is the row's key and not edited here. */
function MonthLabel({ value }: { value?: string }) {
  return value ? (
    <Typography.Text strong title={value}>
      {formatMonth(value, 'long')}
    </Typography.Text>
  ) : null;
}

function MonthsForm({ saved, currency, currentMonth, editable, saving, onSubmit }: FormProps) {
  const { t } = useTranslation();
  // Its own form: saved months mount a new one, sorted and clean.
  const [form] = Form.useForm<Values>();
  const initial = useMemo(() => toRows(saved, currency), [saved, currency]);
  const watched = Form.useWatch('months', form);
  const rows: MonthRow[] = watched ?? initial;
  const [picked, setPicked] = useState<Dayjs | null>(null);
  const digits = currencyDigits(currency);
  const symbol = currencySymbol(currency);
  const dirty = !sameFinance(toFinance(rows, currency), saved);
  const latest = rows.length ? rows.reduce((a, r) => (r.month > a ? r.month : a), rows[0]!.month) : undefined;
  const fillTo =
    latest && currentMonth && latest < currentMonth
      ? monthsBetween(latest, currentMonth) > MAX_FILL
        ? addMonths(latest, MAX_FILL)
        : currentMonth
      : undefined;

  const marginPlaceholder = (month: string) => {
    const from = inheritedMargin(rows, month);
    return from
      ? t('revenueSettings.finance.inherited', {
          value: formatPercent(from.margin / 100),
          month: formatMonth(from.month),
        })
      : t('revenueSettings.finance.noMargin');
  };

  const columns: ColumnsType<FormListFieldData> = [
    {
      title: t('revenueSettings.finance.month'),
      key: 'month',
      width: 170,
      render: (_, field) => (
        <Form.Item name={[field.name, 'month']} noStyle>
          <MonthLabel />
        </Form.Item>
      ),
    },
    {
      title: t('revenueSettings.finance.spend', { currency }),
      key: 'spend',
      render: (_, field) => {
        const row = rows[field.name];
        return editable ? (
          <Form.Item
            name={[field.name, 'spend']}
            style={{ margin: 0 }}
            rules={[{ type: 'number', min: 0, message: t('revenueSettings.finance.spendRange') }]}
          >
            <InputNumber<number>
              min={0}
              precision={digits}
              prefix={symbol}
              placeholder={t('revenueSettings.finance.noSpend')}
              formatter={(v, info) => (info.userTyping ? info.input : groupDigits(v, digits))}
              // A string, so that an emptied input is no spend (null), not 0.
              parser={(v) => (v ?? '').replace(/[,\s]/g, '') as unknown as number}
              style={{ width: '100%', maxWidth: 260 }}
              aria-label={`${t('revenueSettings.finance.spendShort')} ${row?.month ?? ''}`}
              data-testid={`finance-spend-${row?.month ?? field.name}`}
            />
          </Form.Item>
        ) : row?.spend !== null && row?.spend !== undefined ? (
          <span className="tenure-num">{formatMoney(toMinor(row.spend, currency), currency, { narrow: true })}</span>
        ) : (
          <span className="tenure-muted">{t('revenueSettings.finance.noSpend')}</span>
        );
      },
    },
    {
      title: t('revenueSettings.finance.grossMargin'),
      key: 'margin',
      width: 260,
      render: (_, field) => {
        const row = rows[field.name];
        return editable ? (
          <Form.Item
            name={[field.name, 'margin']}
            style={{ margin: 0 }}
            rules={[{ type: 'number', min: 0, max: 100, message: t('revenueSettings.finance.marginRange') }]}
          >
            <InputNumber<number>
              min={0}
              max={100}
              step={1}
              suffix="%"
              placeholder={row ? marginPlaceholder(row.month) : undefined}
              style={{ width: '100%', maxWidth: 220 }}
              aria-label={`${t('revenueSettings.finance.grossMargin')} ${row?.month ?? ''}`}
              data-testid={`finance-margin-${row?.month ?? field.name}`}
            />
          </Form.Item>
        ) : row?.margin !== null && row?.margin !== undefined ? (
          <span className="tenure-num">{formatPercent(row.margin / 100)}</span>
        ) : (
          <span className="tenure-muted">{row ? marginPlaceholder(row.month) : ''}</span>
        );
      },
    },
  ];

  return (
    <Form form={form} initialValues={{ months: initial }} onFinish={(values) => onSubmit(values, form)}>
      <Form.List name="months">
        {(fields, { add, remove }) => {
          const addMonth = (month: string) =>
            add({ month, spend: null, margin: null }, rows.filter((r) => r.month > month).length);
          const fillForward = () => {
            if (!latest || !fillTo) return;
            const from = rows.find((r) => r.month === latest);
            // Ascending, each at the top: the table stays most recent first.
            for (let m = addMonths(latest, 1); m <= fillTo; m = addMonths(m, 1))
              add({ month: m, spend: from?.spend ?? null, margin: null }, 0);
          };
          return (
            <>
              {editable ? (
                <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
                  <DatePicker
                    picker="month"
                    value={picked}
                    onChange={setPicked}
                    disabledDate={(d) => rows.some((r) => r.month === d.format('YYYY-MM'))}
                    placeholder={t('revenueSettings.finance.pickMonth')}
                    aria-label={t('revenueSettings.finance.pickMonth')}
                    data-testid="finance-month-picker"
                  />
                  <Button
                    icon={<PlusOutlined />}
                    disabled={!picked || rows.some((r) => r.month === picked.format('YYYY-MM'))}
                    onClick={() => {
                      if (!picked) return;
                      addMonth(picked.format('YYYY-MM'));
                      setPicked(null);
                    }}
                    data-testid="finance-add"
                  >
                    {t('revenueSettings.finance.addMonth')}
                  </Button>
                  {fillTo && latest ? (
                    <Tooltip
                      title={t('revenueSettings.finance.fillHelp', {
                        from: formatMonth(latest),
                        to: formatMonth(fillTo),
                      })}
                    >
                      <Button icon={<FastForwardOutlined />} onClick={fillForward} data-testid="finance-fill">
                        {t('revenueSettings.finance.fill', { month: formatMonth(fillTo) })}
                      </Button>
                    </Tooltip>
                  ) : null}
                </Flex>
              ) : null}
              <Table<FormListFieldData>
                size="small"
                rowKey="key"
                dataSource={fields}
                pagination={false}
                scroll={fields.length > 12 ? { y: 560 } : undefined}
                onRow={(field) =>
                  ({ 'data-testid': `finance-row-${rows[field.name]?.month ?? ''}` }) as HTMLAttributes<HTMLElement>
                }
                locale={{
                  emptyText: (
                    <Empty
                      image={Empty.PRESENTED_IMAGE_SIMPLE}
                      description={
                        editable ? t('revenueSettings.finance.empty') : t('revenueSettings.finance.emptyReadOnly')
                      }
                    />
                  ),
                }}
                columns={
                  editable
                    ? [
                        ...columns,
                        {
                          key: 'actions',
                          width: 56,
                          render: (_, field) => {
                            const label = t('revenueSettings.finance.remove', {
                              month: rows[field.name] ? formatMonth(rows[field.name]!.month) : '',
                            });
                            return (
                              <Button
                                type="text"
                                danger
                                icon={<DeleteOutlined />}
                                onClick={() => remove(field.name)}
                                aria-label={label}
                                title={label}
                              />
                            );
                          },
                        },
                      ]
                    : columns
                }
              />
            </>
          );
        }}
      </Form.List>
      {editable ? (
        <Flex gap={8} align="center" style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={saving} disabled={!dirty} data-testid="finance-save">
            {t('common.save')}
          </Button>
          {dirty ? (
            <>
              <Button onClick={() => form.resetFields()} disabled={saving}>
                {t('revenueSettings.discard')}
              </Button>
              <Typography.Text type="warning">{t('revenueSettings.unsaved')}</Typography.Text>
            </>
          ) : null}
        </Flex>
      ) : null}
    </Form>
  );
}
