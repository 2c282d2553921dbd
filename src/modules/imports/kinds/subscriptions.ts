import { z } from 'zod';
import type { ImportColumn } from '../../../shared/imports.js';
import { INTERVALS, SUBSCRIPTION_STATUSES } from '../../../shared/subscriptions.js';
import { parseMajorUnits } from '../../../shared/money.js';
import type { KindDefinition, RowError } from '../import.types.js';
import { ACCOUNT_EXTERNAL_ID } from './common.js';

export const SUBSCRIPTION_REQUIRED = ['account_external_id', 'amount', 'interval', 'starts_on'] as const;

const COLUMNS: ImportColumn[] = [
  ACCOUNT_EXTERNAL_ID,
  {
    name: 'subscription_external_id',
    required: false,
    type: 'text',
    aliases: ['订阅编号', '订阅ID', '合同编号', 'subscription_id'],
    example: 'SUB-1001',
  },
  { name: 'plan', required: false, type: 'text', aliases: ['套餐', '产品套餐', '方案'], example: 'Pro' },
  { name: 'quantity', required: false, type: 'integer', aliases: ['数量', '席位数', 'seats'], example: '10' },
  { name: 'amount', required: true, type: 'money', aliases: ['金额', '订阅金额', '合同金额'], example: '12000.00' },
  { name: 'currency', required: false, type: 'currency', aliases: ['币种', '货币'], example: 'CNY' },
  {
    name: 'interval',
    required: true,
    type: 'enum',
    allowed: [...INTERVALS],
    aliases: ['计费周期', '付费周期', 'billing_interval'],
    example: 'year',
  },
  {
    name: 'starts_on',
    required: true,
    type: 'date',
    aliases: ['开始日期', '起始日期', 'start_date'],
    example: '2024-01-01',
  },
  {
    name: 'ends_on',
    required: false,
    type: 'date',
    aliases: ['结束日期', '截止日期', 'end_date'],
    example: '2025-01-01',
  },
  {
    name: 'status',
    required: false,
    type: 'enum',
    allowed: [...SUBSCRIPTION_STATUSES],
    aliases: ['状态', '订阅状态'],
    example: 'active',
  },
];

const INTERVAL_ALIASES: Record<string, (typeof INTERVALS)[number]> = {
  month: 'month',
  monthly: 'month',
  月: 'month',
  月付: 'month',
  quarter: 'quarter',
  quarterly: 'quarter',
  季: 'quarter',
  季付: 'quarter',
  year: 'year',
  yearly: 'year',
  annual: 'year',
  annually: 'year',
  年: 'year',
  年付: 'year',
};

export interface SubscriptionRow {
  line: number;
  accountExternalId: string;
  subscriptionExternalId: string;
  plan: string | null;
  quantity: number;
  amountMinor: number;
  currency: string;
  interval: (typeof INTERVALS)[number];
  startsOn: string;
  endsOn: string | null;
  status: (typeof SUBSCRIPTION_STATUSES)[number];
}

const isoDate = z.iso.date();

/** Validates one spreadsheet row; every problem is reported, each with its column. */
export function parseSubscriptionRow(
  line: number,
  v: Record<string, string>,
  defaultCurrency: string,
): SubscriptionRow | RowError[] {
  const errors: RowError[] = [];
  const fail = (column: string, reason: string, params: Record<string, unknown> = {}) =>
    errors.push({ line, column, reason, params });

  for (const column of SUBSCRIPTION_REQUIRED) if (!v[column]) fail(column, 'imports.required');

  const currency = (v.currency || defaultCurrency).toUpperCase();
  let validCurrency = /^[A-Z]{3}$/.test(currency);
  if (validCurrency) {
    try {
      new Intl.NumberFormat('en', { style: 'currency', currency });
    } catch {
      validCurrency = false;
    }
  }
  if (!validCurrency) fail('currency', 'imports.badCurrency', { value: v.currency });

  let amountMinor: number | undefined;
  if (v.amount) {
    if (/^\s*-/.test(v.amount)) fail('amount', 'imports.negative', { value: v.amount });
    else if (validCurrency) {
      amountMinor = parseMajorUnits(v.amount, currency);
      if (amountMinor === undefined) fail('amount', 'imports.badAmount', { value: v.amount });
    }
  }

  const quantity = v.quantity ? Number(v.quantity) : 1;
  if (!Number.isInteger(quantity) || quantity < 0) fail('quantity', 'imports.badQuantity', { value: v.quantity });

  const interval = INTERVAL_ALIASES[(v.interval ?? '').toLowerCase()];
  if (v.interval && !interval)
    fail('interval', 'imports.badEnum', { value: v.interval, allowed: INTERVALS.join(', ') });

  const status = (v.status || 'active').toLowerCase() as SubscriptionRow['status'];
  if (!SUBSCRIPTION_STATUSES.includes(status))
    fail('status', 'imports.badEnum', { value: v.status, allowed: SUBSCRIPTION_STATUSES.join(', ') });

  for (const column of ['starts_on', 'ends_on'] as const) {
    if (v[column] && !isoDate.safeParse(v[column]).success) fail(column, 'imports.badDate', { value: v[column] });
  }
  if (v.starts_on && v.ends_on && v.ends_on <= v.starts_on && !errors.some((e) => e.column === 'ends_on')) {
    fail('ends_on', 'imports.endsBeforeStart', { value: v.ends_on });
  }

  if (errors.length) return errors;
  return {
    line,
    accountExternalId: v.account_external_id,
    // Without a subscription id, one subscription per account and plan.
    subscriptionExternalId: v.subscription_external_id || `${v.account_external_id}:${v.plan ?? ''}`,
    plan: v.plan || null,
    quantity,
    amountMinor: amountMinor!,
    currency,
    interval,
    startsOn: v.starts_on,
    endsOn: v.ends_on || null,
    status,
  };
}

/**
 * Subscriptions: upserted by subscription external id and start date. Unlike the other kinds,
 * an unknown account is created (named after its external id) and reported.
 */
export const subscriptionsKind: KindDefinition<SubscriptionRow> = {
  kind: 'subscriptions',
  columns: COLUMNS,
  attributes: false,
  parse: (line, values, _attributes, ctx) => parseSubscriptionRow(line, values, ctx.baseCurrency),
  async write(rows, trx, { actor, writers }) {
    const ensured = await writers.accounts.ensureByExternalIds(
      actor,
      rows.map((r) => r.accountExternalId),
      trx,
    );
    await writers.subscriptions.upsertVersions(
      actor,
      rows.map((r) => ({ ...r, accountId: ensured.ids.get(r.accountExternalId)! })),
      trx,
    );
    return { refused: [], createdAccounts: ensured.created, accountIds: [...ensured.ids.values()] };
  },
};
