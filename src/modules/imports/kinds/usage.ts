import type { ImportColumn } from '../../../shared/imports.js';
import type { KindDefinition } from '../import.types.js';
import { RowReader } from '../values.js';
import { ACCOUNT_EXTERNAL_ID, withAccounts } from './common.js';

const COLUMNS: ImportColumn[] = [
  ACCOUNT_EXTERNAL_ID,
  { name: 'date', required: true, type: 'date', aliases: ['日期', '使用日期', 'day'], example: '2024-03-01' },
  {
    name: 'event',
    required: true,
    type: 'text',
    aliases: ['事件', '功能', '事件名称', 'event_name'],
    example: 'report_exported',
  },
  { name: 'count', required: true, type: 'integer', aliases: ['次数', '使用次数', 'events'], example: '42' },
  {
    name: 'users',
    required: false,
    type: 'integer',
    aliases: ['用户数', '活跃用户数', '使用人数', 'active_users'],
    example: '7',
  },
];

interface UsageRow {
  line: number;
  accountExternalId: string;
  day: string;
  event: string;
  count: number;
  users: number;
}

/** Daily usage roll-ups: one row per account, day and event; a re-import replaces, never adds. */
export const usageKind: KindDefinition<UsageRow> = {
  kind: 'usage',
  columns: COLUMNS,
  attributes: false,
  parse(line, values) {
    const r = new RowReader(line, values);
    const accountExternalId = r.text('account_external_id', { required: true });
    const day = r.date('date', { required: true });
    const event = r.text('event', { required: true });
    const count = r.integer('count', { required: true });
    const users = r.integer('users') ?? 0;
    if (r.errors.length) return r.errors;
    return { line, accountExternalId: accountExternalId!, day: day!, event: event!, count: count!, users };
  },
  async write(rows, trx, ctx) {
    const { known, refused } = await withAccounts(rows, trx, ctx);
    await ctx.writers.usage.recordDaily(known, trx);
    return { refused, createdAccounts: [], accountIds: known.map((r) => r.accountId) };
  },
};
