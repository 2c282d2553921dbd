import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  type FormInstance,
  InputNumber,
  Skeleton,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { FormListFieldData } from 'antd/es/form/FormList';
import { type HTMLAttributes, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { QueryError } from '../../../components/QueryError';
import { CURRENCY_CODE, currencyName, formatRate, knownCurrencies } from '../currencies';
import { type FxRates, useFxRates, useSaveFxRates } from '../hooks/useRevenueSettings';
import { ServerIssues } from './ServerIssues';

interface RateRow {
  currency: string;
  rate: number | null;
}
interface Values {
  rates: RateRow[];
}

/** USD (the unit of every rate) first, then by code. */
const byCode = (a: RateRow, b: RateRow) =>
  a.currency === 'USD' ? -1 : b.currency === 'USD' ? 1 : a.currency.localeCompare(b.currency);
const toRows = (rates: FxRates): RateRow[] =>
  Object.entries(rates)
    .map(([currency, rate]) => ({ currency, rate }))
    .sort(byCode);
const toRates = (rows: RateRow[]): FxRates =>
  Object.fromEntries(rows.map((r) => [r.currency.trim().toUpperCase(), r.rate as number]));
/** The same table, whatever the order of its rows. */
const sameRates = (a: FxRates, b: FxRates) => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
};

interface Props {
  editable: boolean;
  /** The base currency (the summary endpoint's), unknown while the report cannot run. */
  base: string | undefined;
  /** Why the report cannot run, when it is a missing exchange rate (the server names the currency). */
  missingRate: string | undefined;
}

/** Exchange rates: units of each currency per 1 USD, and what each means in the base currency. */
export function FxRatesCard({ editable, base, missingRate }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rates = useFxRates();
  const save = useSaveFxRates();
  const [serverError, setServerError] = useState<unknown>(null);

  const submit = (values: Values, form: FormInstance<Values>) => {
    setServerError(null);
    const rows = values.rates ?? [];
    save.mutate(toRates(rows), {
      onSuccess: () => void message.success(t('revenueSettings.fx.saved')),
      onError: (error) => {
        // body.EUR → the EUR row's rate (or its code, when the code itself is refused).
        const fieldMap = Object.fromEntries(
          rows.map((r, i) => [r.currency, ['rates', i, CURRENCY_CODE.test(r.currency) ? 'rate' : 'currency']]),
        );
        applyServerErrors(form, error, fieldMap);
        setServerError(error);
      },
    });
  };

  return (
    <Card title={t('revenueSettings.fx.title')} data-testid="fx-card">
      <Typography.Paragraph>
        {t('revenueSettings.fx.convention')} <Typography.Text strong>{t('revenueSettings.fx.example')}</Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        {base ? t('revenueSettings.fx.conversion', { base }) : t('revenueSettings.fx.conversionNoBase')}
      </Typography.Paragraph>
      {missingRate ? (
        <Alert
          type="warning"
          showIcon
          message={t('revenueSettings.fx.reportWaiting')}
          description={missingRate}
          style={{ marginBottom: 16 }}
          data-testid="fx-missing"
        />
      ) : null}
      {serverError ? (
        <ServerIssues
          error={serverError}
          describePath={(path) => path.join('.')}
          onClose={() => setServerError(null)}
        />
      ) : null}
      {rates.isPending ? (
        <Skeleton active />
      ) : rates.isError ? (
        <QueryError error={rates.error} onRetry={() => void rates.refetch()} compact />
      ) : (
        // A saved table starts a fresh form (its rows sorted, nothing left dirty).
        <RatesForm
          key={rates.dataUpdatedAt}
          saved={rates.data}
          editable={editable}
          base={base}
          saving={save.isPending}
          onSubmit={submit}
        />
      )}
    </Card>
  );
}

interface FormProps {
  saved: FxRates;
  editable: boolean;
  base: string | undefined;
  saving: boolean;
  /** Gets the form too, to put the server's objections on its fields. */
  onSubmit: (values: Values, form: FormInstance<Values>) => void;
}

function RatesForm({ saved, editable, base, saving, onSubmit }: FormProps) {
  const { t } = useTranslation();
  // Its own form: a saved table mounts a new one, sorted and clean.
  const [form] = Form.useForm<Values>();
  const initial = useMemo(() => toRows(saved), [saved]);
  const watched = Form.useWatch('rates', form);
  const rows: RateRow[] = watched ?? initial;
  const known = useMemo(() => knownCurrencies(), []);
  const options = useMemo(
    () => known.map((code) => ({ value: code, label: `${code} · ${currencyName(code) ?? ''}` })),
    [known],
  );
  const current = (): RateRow[] => form.getFieldValue('rates') ?? [];
  const rateOf = (code: string) => rows.find((r) => r.currency === code)?.rate ?? undefined;
  // Duplicated or blank codes count as changes too (the table has to be fixed before it can be saved).
  const dirty =
    rows.length !== Object.keys(saved).length || rows.some((r) => !r.currency) || !sameRates(toRates(rows), saved);
  // Without a known base currency, show what each currency is worth in CNY and USD.
  const targets = base ? [base] : ['CNY', 'USD'];
  const baseMissing = base && !rows.some((r) => r.currency === base);

  const currencyRules = [
    { required: true, message: t('revenueSettings.fx.codeRequired') },
    { pattern: CURRENCY_CODE, message: t('revenueSettings.fx.codeFormat') },
    {
      validator: (_: unknown, value: string) =>
        value && current().filter((r) => r.currency === value).length > 1
          ? Promise.reject(new Error(t('revenueSettings.fx.codeDuplicate', { currency: value })))
          : Promise.resolve(),
    },
    {
      warningOnly: true,
      validator: (_: unknown, value: string) =>
        value && CURRENCY_CODE.test(value) && !known.includes(value)
          ? Promise.reject(new Error(t('revenueSettings.fx.codeUnknown')))
          : Promise.resolve(),
    },
  ];
  const rateRules = (index: number) => [
    { required: true, message: t('revenueSettings.fx.rateRequired') },
    {
      validator: (_: unknown, value: number | null) =>
        value === null || value === undefined || value > 0
          ? Promise.resolve()
          : Promise.reject(new Error(t('revenueSettings.fx.ratePositive'))),
    },
    {
      warningOnly: true,
      validator: (_: unknown, value: number | null) =>
        current()[index]?.currency === 'USD' && value !== null && value !== undefined && value !== 1
          ? Promise.reject(new Error(t('revenueSettings.fx.usdNotOne')))
          : Promise.resolve(),
    },
  ];

  const conversion = (row: RateRow | undefined, target: string) => {
    if (!row?.currency || !CURRENCY_CODE.test(row.currency)) return null;
    if (row.currency === target)
      return target === base ? (
        <Tag color="blue">{t('revenueSettings.fx.baseTag')}</Tag>
      ) : (
        <span className="tenure-muted">—</span>
      );
    const to = rateOf(target);
    if (!row.rate || row.rate <= 0 || !to || to <= 0)
      return <span className="tenure-muted">{t('revenueSettings.fx.noRate')}</span>;
    return (
      <span className="tenure-num">
        1 {row.currency} = {formatRate(to / row.rate)} {target}
      </span>
    );
  };

  const columns: ColumnsType<FormListFieldData> = [
    {
      title: t('revenueSettings.fx.currency'),
      key: 'currency',
      width: 170,
      render: (_, field) =>
        editable ? (
          <Form.Item
            name={[field.name, 'currency']}
            rules={currencyRules}
            normalize={(v?: string) => (v ?? '').toUpperCase().replace(/\s/g, '')}
            style={{ margin: 0 }}
          >
            <AutoComplete
              options={options}
              filterOption={(input, option) =>
                String(option?.label ?? '')
                  .toLowerCase()
                  .includes(input.toLowerCase())
              }
              popupMatchSelectWidth={280}
              placeholder="EUR"
              aria-label={t('revenueSettings.fx.currency')}
              data-testid={`fx-currency-${field.name}`}
            />
          </Form.Item>
        ) : (
          <Typography.Text strong>{rows[field.name]?.currency}</Typography.Text>
        ),
    },
    {
      title: t('revenueSettings.fx.name'),
      key: 'name',
      render: (_, field) => (
        <Typography.Text type="secondary">{currencyName(rows[field.name]?.currency ?? '') ?? ''}</Typography.Text>
      ),
    },
    {
      title: t('revenueSettings.fx.rate'),
      key: 'rate',
      width: 190,
      render: (_, field) =>
        editable ? (
          <Form.Item name={[field.name, 'rate']} rules={rateRules(field.name)} style={{ margin: 0 }}>
            <InputNumber
              min={0}
              controls={false}
              style={{ width: '100%' }}
              aria-label={t('revenueSettings.fx.rate')}
              data-testid={`fx-rate-${field.name}`}
            />
          </Form.Item>
        ) : (
          <span className="tenure-num">{formatRate(rows[field.name]?.rate ?? 0)}</span>
        ),
    },
    {
      title: t('revenueSettings.fx.means'),
      key: 'means',
      render: (_, field) => {
        const row = rows[field.name];
        if (row?.currency === 'USD' && row.rate === 1)
          return <Typography.Text type="secondary">{t('revenueSettings.fx.unit')}</Typography.Text>;
        return row?.currency && row.rate ? (
          <span className="tenure-num">
            1 USD = {formatRate(row.rate)} {row.currency}
          </span>
        ) : null;
      },
    },
    ...targets.map((target) => ({
      title:
        target === base
          ? t('revenueSettings.fx.inBase', { currency: target })
          : t('revenueSettings.fx.inCurrency', { currency: target }),
      key: `in-${target}`,
      render: (_: unknown, field: FormListFieldData) => conversion(rows[field.name], target),
    })),
  ];

  return (
    <Form
      form={form}
      initialValues={{ rates: initial }}
      onFinish={(values) => onSubmit(values, form)}
      onValuesChange={() => void form.validateFields({ dirty: true }).catch(() => undefined)}
    >
      {baseMissing ? (
        <Alert
          type="error"
          showIcon
          message={t('revenueSettings.fx.baseMissing', { base })}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Form.List name="rates">
        {(fields, { add, remove }) => (
          <>
            <Table<FormListFieldData>
              size="small"
              rowKey="key"
              dataSource={fields}
              pagination={false}
              onRow={(field) =>
                ({ 'data-testid': `fx-row-${rows[field.name]?.currency ?? ''}` }) as HTMLAttributes<HTMLElement>
              }
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('revenueSettings.fx.empty')} />,
              }}
              columns={
                editable
                  ? [
                      ...columns,
                      {
                        key: 'actions',
                        width: 56,
                        render: (_, field) => (
                          <Button
                            type="text"
                            danger
                            icon={<DeleteOutlined />}
                            onClick={() => remove(field.name)}
                            aria-label={t('revenueSettings.fx.remove', { currency: rows[field.name]?.currency || '—' })}
                            title={t('revenueSettings.fx.remove', { currency: rows[field.name]?.currency || '—' })}
                          />
                        ),
                      },
                    ]
                  : columns
              }
            />
            {editable ? (
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({ currency: '', rate: null })}
                style={{ marginTop: 12 }}
                data-testid="fx-add"
              >
                {t('revenueSettings.fx.add')}
              </Button>
            ) : null}
          </>
        )}
      </Form.List>
      {editable ? (
        <Flex gap={8} align="center" style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={saving} disabled={!dirty} data-testid="fx-save">
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
