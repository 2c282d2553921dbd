import { type Kysely, sql } from 'kysely';
import type { CtasTable, DB } from '../../db/types.js';
import { type AccountScope, inAccountScope, isEmptyScope } from '../accounts/accounts.read.js';

// The CTA reads Home builds its workload and events tiles from (docs/home.md).

/**
 * Active CTAs per owner (open or snoozed), those overdue and those due today: the Home's workload
 * tiles, for some owners or everyone, in one statement. CTAs without an owner come under null.
 */
export async function ownerLoad(db: Kysely<DB>, day: string, ownerIds?: string[]) {
  const result = await sql<{ owner_id: string | null; active: number; overdue: number; due_today: number }>`
      select owner_id, count(*)::int as active,
        count(*) filter (where due_on < ${day}::date)::int as overdue,
        count(*) filter (where due_on = ${day}::date)::int as due_today
      from ctas where status <> 'closed'
        and ${ownerIds ? sql`owner_id = any(${ownerIds}::uuid[])` : sql`true`}
      group by owner_id`.execute(db);
  return result.rows.map((r) => ({
    ownerId: r.owner_id,
    active: r.active,
    overdue: r.overdue,
    dueToday: r.due_today,
  }));
}

/**
 * CTAs opened on the accounts in scope since an instant, newest first, with the trigger of the rule that
 * opened them.
 */
export async function openedSince(db: Kysely<DB>, since: Date, scope: AccountScope) {
  if (isEmptyScope(scope)) return [];
  const result = await sql<{
    id: string;
    account_id: string;
    type: CtasTable['type'];
    trigger: string | null;
    reason_key: string;
    reason_params: Record<string, unknown>;
    title: string | null;
    priority: CtasTable['priority'];
    opened_at: Date;
  }>`
      select c.id, c.account_id, c.type, r.trigger, c.reason_key, c.reason_params, c.title, c.priority, c.opened_at
      from ctas c left join cta_rules r on r.id = c.rule_id
      where c.opened_at >= ${since} and ${inAccountScope(db, 'c.account_id', scope)}
      order by c.opened_at desc, c.id`.execute(db);
  return result.rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    type: r.type,
    trigger: r.trigger,
    reasonKey: r.reason_key,
    reasonParams: r.reason_params ?? {},
    title: r.title,
    priority: r.priority,
    openedAt: new Date(r.opened_at),
  }));
}
