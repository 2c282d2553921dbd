import type { TicketsTable } from '../../../db/types.js';
import type { ImportColumn } from '../../../shared/imports.js';
import { TICKET_TYPES } from '../../../shared/tickets.js';
import type { KindDefinition } from '../import.types.js';
import { enumAliases, RowReader } from '../values.js';
import { ACCOUNT_EXTERNAL_ID, lastByKey, withAccounts } from './common.js';

export const TICKET_PRIORITIES = [
  'low',
  'normal',
  'high',
  'urgent',
] as const satisfies readonly TicketsTable['priority'][];
export const TICKET_STATUSES = [
  'open',
  'pending',
  'solved',
  'closed',
] as const satisfies readonly TicketsTable['status'][];

const PRIORITY = enumAliases(TICKET_PRIORITIES, {
  低: 'low',
  中: 'normal',
  普通: 'normal',
  一般: 'normal',
  medium: 'normal',
  高: 'high',
  紧急: 'urgent',
  加急: 'urgent',
});
const STATUS = enumAliases(TICKET_STATUSES, {
  new: 'open',
  新建: 'open',
  打开: 'open',
  未处理: 'open',
  待受理: 'open',
  'on hold': 'pending',
  待处理: 'pending',
  处理中: 'pending',
  挂起: 'pending',
  等待回复: 'pending',
  resolved: 'solved',
  已解决: 'solved',
  已处理: 'solved',
  已关闭: 'closed',
  关闭: 'closed',
});

const TYPE = enumAliases(TICKET_TYPES, {
  咨询: 'question',
  问题: 'question',
  提问: 'question',
  故障: 'problem',
  缺陷: 'bug',
  feature: 'feature_request',
  'feature request': 'feature_request',
  需求: 'feature_request',
  功能需求: 'feature_request',
  功能请求: 'feature_request',
  事故: 'incident',
  事件: 'incident',
});

const COLUMNS: ImportColumn[] = [
  {
    name: 'external_id',
    required: true,
    type: 'text',
    aliases: ['工单编号', '工单ID', '工单号', 'ticket_id'],
    example: 'T-5001',
  },
  ACCOUNT_EXTERNAL_ID,
  {
    name: 'subject',
    required: true,
    type: 'text',
    aliases: ['标题', '主题', '工单标题', 'title'],
    example: 'Cannot export the monthly report',
  },
  {
    name: 'priority',
    required: false,
    type: 'enum',
    allowed: [...TICKET_PRIORITIES],
    aliases: ['优先级'],
    example: 'high',
  },
  {
    name: 'status',
    required: false,
    type: 'enum',
    allowed: [...TICKET_STATUSES],
    aliases: ['状态', '工单状态'],
    example: 'solved',
  },
  {
    name: 'opened_at',
    required: true,
    type: 'datetime',
    aliases: ['创建时间', '提交时间', '开单时间', 'created_at', 'opened_on'],
    example: '2024-03-01 09:30',
  },
  {
    name: 'closed_at',
    required: false,
    type: 'datetime',
    aliases: ['关闭时间', '解决时间', 'closed_on', 'solved_at'],
    example: '2024-03-02 17:00',
  },
  {
    name: 'type',
    required: false,
    type: 'enum',
    allowed: [...TICKET_TYPES],
    aliases: ['类型', '工单类型', 'ticket_type'],
    example: 'bug',
  },
  {
    name: 'csat',
    required: false,
    type: 'integer',
    aliases: ['满意度', '满意度评分', '评分', 'satisfaction', 'rating'],
    example: '4',
  },
];

interface TicketRow {
  line: number;
  externalId: string;
  accountExternalId: string;
  subject: string;
  priority: TicketsTable['priority'];
  status: TicketsTable['status'];
  openedAt: Date;
  closedAt: Date | null;
  type: TicketsTable['type'];
  csat: number | null;
}

/** Support tickets, upserted by their external id (a re-import updates status, closing time, type and CSAT). */
export const ticketsKind: KindDefinition<TicketRow> = {
  kind: 'tickets',
  columns: COLUMNS,
  attributes: false,
  parse(line, values, _attributes, { timeZone }) {
    const r = new RowReader(line, values);
    const externalId = r.text('external_id', { required: true });
    const accountExternalId = r.text('account_external_id', { required: true });
    const subject = r.text('subject', { required: true, max: 500 });
    const priority = r.oneOf('priority', PRIORITY, TICKET_PRIORITIES) ?? 'normal';
    const status = r.oneOf('status', STATUS, TICKET_STATUSES) ?? 'open';
    const openedAt = r.timestamp('opened_at', timeZone, { required: true });
    const closedAt = r.timestamp('closed_at', timeZone);
    const type = r.oneOf('type', TYPE, TICKET_TYPES) ?? null;
    const csat = r.integer('csat', { min: 1, max: 5 }) ?? null;
    if (openedAt && closedAt && closedAt < openedAt)
      r.fail('closed_at', 'imports.closedBeforeOpened', { value: r.raw('closed_at') });
    if (r.errors.length) return r.errors;
    return {
      line,
      externalId: externalId!,
      accountExternalId: accountExternalId!,
      subject: subject!,
      priority,
      status,
      openedAt: openedAt!,
      closedAt: closedAt ?? null,
      type,
      csat,
    };
  },
  async write(rows, trx, ctx) {
    const { known, refused } = await withAccounts(
      lastByKey(rows, (r) => r.externalId),
      trx,
      ctx,
    );
    await ctx.writers.tickets.bulkInsert(ctx.actor, known, trx);
    return { refused, createdAccounts: [], accountIds: known.map((r) => r.accountId) };
  },
};
