import { type Kysely, type Transaction, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import type { CtaListQuery, CtaView } from '../../shared/ctas.js';
import { deletedAccountIds, liveAccounts } from '../accounts/accounts.read.js';
import { userRows } from '../users/users.read.js';
import { pageLimit, pageOffset } from '../../db/page-window.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Most urgent first, in the list's order. */
const priorityRank = (table: string) =>
  sql<number>`case ${sql.ref(`${table}.priority`)} when 'urgent' then 4 when 'high' then 3 when 'medium' then 2 else 1 end`;

/**
 * The list's order: due day, then the more urgent, then the earlier opened. Written the same in every statement
 * so PostgreSQL reads the active CTAs in the order of ctas_active_order_idx (migration 0057).
 */
const listOrder = (table: string) =>
  sql`${sql.ref(`${table}.due_on`)}, ${priorityRank(table)} desc, ${sql.ref(`${table}.opened_at`)}, ${sql.ref(`${table}.id`)}`;

function base(db: Db, today: string) {
  return db
    .selectFrom('ctas as c')
    .innerJoin(liveAccounts(db).as('a'), 'a.id', 'c.account_id')
    .leftJoin('cta_rules as r', 'r.id', 'c.rule_id')
    .leftJoin('playbooks as p', 'p.id', 'c.playbook_id')
    .leftJoin(userRows(db).as('o'), 'o.id', 'c.owner_id')
    .leftJoin(userRows(db).as('f'), 'f.id', 'c.flagged_by')
    .selectAll('c')
    .select([
      'a.name as account_name',
      'r.key as rule_key',
      'r.name as rule_name',
      'p.key as playbook_key',
      'p.name as playbook_name',
      'o.name as owner_name',
      'f.name as flagged_by_name',
      sql<boolean>`c.status <> 'closed' and c.due_on < ${today}::date`.as('overdue'),
      sql<number>`(select count(*) from cta_tasks t where t.cta_id = c.id and t.done_at is not null)::int`.as(
        'tasks_done',
      ),
      sql<number>`(select count(*) from cta_tasks t where t.cta_id = c.id)::int`.as('tasks_total'),
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

export const toView = (r: Row): CtaView => ({
  id: r.id,
  accountId: r.account_id,
  accountName: r.account_name,
  ruleId: r.rule_id,
  ruleKey: r.rule_key,
  ruleName: r.rule_name,
  playbookId: r.playbook_id,
  playbookKey: r.playbook_key,
  playbookName: r.playbook_name,
  type: r.type,
  reasonKey: r.reason_key,
  reasonParams: r.reason_params,
  title: r.title,
  priority: r.priority,
  ownerId: r.owner_id,
  ownerName: r.owner_name,
  dueOn: r.due_on,
  overdue: r.overdue,
  status: r.status,
  snoozedUntil: r.snoozed_until,
  snoozeReason: r.snooze_reason,
  outcome: r.outcome,
  closeReason: r.close_reason,
  closedAt: r.closed_at,
  flagged: r.flagged,
  flaggedByName: r.flagged_by_name,
  flaggedAt: r.flagged_at,
  flagReason: r.flag_reason,
  openedAt: r.opened_at,
  firstActionAt: r.first_action_at,
  tasksDone: Number(r.tasks_done),
  tasksTotal: Number(r.tasks_total),
});

export const ctasRepository = {
  /**
   * The CTA list in one statement (never a deleted account's CTAs): the counts (active, overdue, snoozed,
   * flagged among the filtered CTAs, whatever the status and overdue filters), the total of the listed ones
   * and the page, only its rows joined to names and task counts. A page past the end still carries the total
   * and the counts. The counts and the page each read the CTAs on their own (CTEs PostgreSQL inlines): the
   * counts by an index-only scan of the active CTAs, the page in the order of an index on the active ones
   * (migration 0057), so that neither sorts every active CTA. Closed CTAs are read only when the list shows them.
   */
  async list(db: Db, today: string, query: CtaListQuery & { ownerId?: string }) {
    const withClosed = query.status === 'closed' || query.status === 'all';
    const overdue = sql<boolean>`(c.status <> 'closed' and c.due_on < ${today}::date)`;
    // Which of the filtered CTAs the list shows: those of its status (active ones are all of them), overdue or not.
    const listed = sql<boolean>`${
      query.status === 'active' || query.status === 'all' ? sql`true` : sql`c.status = ${query.status}`
    } and ${query.overdue === undefined ? sql`true` : sql`${overdue} = ${query.overdue}`}`;
    const filtered = () => {
      let m = db
        .selectFrom('ctas as c')
        .where(sql<boolean>`not exists (select 1 from ${deletedAccountIds(db)} d where d.id = c.account_id)`);
      if (query.ownerId) m = m.where('c.owner_id', '=', query.ownerId);
      if (query.accountId) m = m.where('c.account_id', '=', query.accountId);
      if (query.type) m = m.where('c.type', '=', query.type);
      if (query.priority) m = m.where('c.priority', '=', query.priority);
      if (query.flagged !== undefined) m = m.where('c.flagged', '=', query.flagged);
      // Written into the text, not a parameter: it is what selects the partial indexes on active CTAs, and a
      // generic plan (a named statement's sixth run) cannot prove a partial index from a parameter.
      if (!withClosed) m = m.where(sql<boolean>`c.status <> 'closed'`);
      return m;
    };
    let page = filtered().select('c.id').where(listed);
    // Closed CTAs come after the active ones; without closed ones the order is the active index's.
    if (withClosed) page = page.orderBy(sql`c.status = 'closed'`);
    page = page.orderBy(listOrder('c')).limit(pageLimit(query)).offset(pageOffset(query));
    const rows = await db
      .with('pg', () => page)
      .with('k', () =>
        filtered().select([
          sql<number>`count(*) filter (where ${listed})::int`.as('total'),
          sql<number>`count(*) filter (where c.status <> 'closed')::int`.as('count_active'),
          sql<number>`count(*) filter (where ${overdue})::int`.as('count_overdue'),
          sql<number>`count(*) filter (where c.status = 'snoozed')::int`.as('count_snoozed'),
          sql<number>`count(*) filter (where c.status <> 'closed' and c.flagged)::int`.as('count_flagged'),
        ]),
      )
      .selectFrom('k')
      .leftJoin(base(db, today).where(sql<boolean>`c.id in (select id from pg)`).as('v'), (join) => join.onTrue())
      .selectAll(['k', 'v'])
      .orderBy(sql`v.status = 'closed'`)
      .orderBy(listOrder('v'))
      .execute();
    const first = rows[0]!;
    return {
      // The left join's row without a CTA, when the page is empty, is no item.
      items: rows.filter((r) => r.id !== null).map((r) => toView(r as Row)),
      total: first.total,
      counts: {
        active: first.count_active,
        overdue: first.count_overdue,
        snoozed: first.count_snoozed,
        flagged: first.count_flagged,
      },
    };
  },

  /**
   * The open and snoozed CTAs of these accounts (all accounts when omitted), in the list's order: no page and
   * no counts, which the list would compute and its callers (onboarding risk, reviews, the CLI) would discard.
   */
  async listOpen(db: Db, today: string, accountIds?: string[]) {
    let q = base(db, today).where(sql<boolean>`c.status <> 'closed'`);
    if (accountIds) q = q.where('c.account_id', '=', sql<string>`any(${accountIds}::uuid[])`);
    const rows = await q.orderBy(listOrder('c')).execute();
    return rows.map(toView);
  },

  async get(db: Db, today: string, id: string) {
    const row = await base(db, today).where('c.id', '=', id).executeTakeFirst();
    return row ? toView(row) : undefined;
  },

  async tasks(db: Db, ctaId: string) {
    const rows = await db
      .selectFrom('cta_tasks as t')
      .leftJoin(userRows(db).as('u'), 'u.id', 't.done_by')
      .selectAll('t')
      .select('u.name as done_by_name')
      .where('t.cta_id', '=', ctaId)
      .orderBy('t.position')
      .orderBy('t.due_on')
      .execute();
    return rows.map((t) => ({
      id: t.id,
      key: t.key,
      title: t.title,
      dueOn: t.due_on,
      ownerRole: t.owner_role,
      emailTemplate: t.email_template,
      doneAt: t.done_at,
      doneByName: t.done_by_name,
      emailSentAt: t.email_sent_at,
      emailTo: t.email_to,
    }));
  },

  async comments(db: Db, ctaId: string) {
    const rows = await db
      .selectFrom('cta_comments as m')
      .leftJoin(userRows(db).as('u'), 'u.id', 'm.author_id')
      .select(['m.id', 'm.body', 'm.created_at', 'u.name as author_name'])
      .where('m.cta_id', '=', ctaId)
      .orderBy('m.created_at')
      .execute();
    return rows.map((m) => ({ id: m.id, body: m.body, authorName: m.author_name, createdAt: m.created_at }));
  },

  async meetingNotes(db: Db, ctaIds: string[]) {
    if (!ctaIds.length) return [];
    const rows = await db
      .selectFrom('cta_meeting_notes as n')
      .leftJoin(userRows(db).as('u'), 'u.id', 'n.author_id')
      .select(['n.id', 'n.cta_id', 'n.meeting_on', 'n.notes', 'n.decision', 'n.created_at', 'u.name as author_name'])
      .where('n.cta_id', '=', sql<string>`any(${ctaIds}::uuid[])`)
      .orderBy('n.meeting_on', 'desc')
      .orderBy('n.created_at', 'desc')
      .execute();
    return rows.map((n) => ({
      ctaId: n.cta_id,
      id: n.id,
      meetingOn: n.meeting_on,
      notes: n.notes,
      decision: n.decision,
      authorName: n.author_name,
      createdAt: n.created_at,
    }));
  },

  /** Opened, closed as success and the median time to first action, per rule or per playbook. */
  async effectiveness(db: Db, by: 'rule' | 'playbook') {
    const [table, column] = by === 'rule' ? ['cta_rules', 'rule_id'] : ['playbooks', 'playbook_id'];
    const { rows } = await sql<{
      id: string | null;
      key: string | null;
      name: string | null;
      opened: number;
      closed: number;
      by_person: number;
      success: number;
      median_seconds: number | null;
    }>`
      select x.id, x.key, x.name, count(c.id)::int as opened,
             count(c.id) filter (where c.status = 'closed')::int as closed,
             count(c.id) filter (where c.status = 'closed' and c.outcome <> 'condition_cleared')::int as by_person,
             count(c.id) filter (where c.outcome = 'success')::int as success,
             percentile_cont(0.5) within group (order by extract(epoch from (c.first_action_at - c.opened_at)))
               filter (where c.first_action_at is not null) as median_seconds
      from ${sql.table(table)} x left join ctas c on c.${sql.ref(column)} = x.id
      group by x.id, x.key, x.name
      order by count(c.id) desc, x.name`.execute(db);
    return rows.map((r) => ({
      id: r.id,
      key: r.key,
      name: r.name,
      opened: r.opened,
      closed: r.closed,
      success: r.success,
      successRate: r.by_person ? r.success / r.by_person : null,
      medianHoursToFirstAction:
        r.median_seconds === null ? null : Math.round((Number(r.median_seconds) / 3600) * 10) / 10,
    }));
  },
};
