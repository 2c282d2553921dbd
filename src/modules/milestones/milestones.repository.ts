import { type Kysely, type Transaction, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { accountRows } from '../accounts/accounts.read.js';
import { usageDailyRows } from '../usage/usage.history.read.js';
import { userRows } from '../users/users.read.js';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Accounts in onboarding: the stage says so, or no stage is set and the first payment is less
 * than 90 days old (seed 004: onboarding = the first 90 days after payment).
 */
export const inOnboarding = (
  today: string,
) => sql<boolean>`(a.deleted_at is null and a.churned_on is null and a.first_paid_on is not null
  and (a.lifecycle_stage = 'onboarding' or (a.lifecycle_stage is null and a.first_paid_on > ${today}::date - 90)))`;

export const milestonesRepository = {
  /**
   * Gives every onboarding account the active templates of its segments (or of all accounts), due
   * their offset after the first payment. One statement; existing rows are kept as they are.
   */
  async assign(db: Db, today: string, members: { segmentIds: string[]; accountIds: string[] }, scope?: string[]) {
    const inScope = scope ? sql`and a.id = any(${scope}::uuid[])` : sql``;
    const { rows } = await sql<{ n: number }>`
      with inserted as (
        insert into account_milestones (account_id, template_id, due_on)
        select a.id, t.id, a.first_paid_on + t.due_days
        from ${accountRows(db)} a cross join milestone_templates t
        where t.active and ${inOnboarding(today)} ${inScope}
          and (t.segment_id is null or exists (
            select 1 from unnest(${members.segmentIds}::uuid[], ${members.accountIds}::uuid[]) as m (segment_id, account_id)
            where m.segment_id = t.segment_id and m.account_id = a.id))
        on conflict (account_id, template_id) do nothing
        returning 1
      ) select count(*)::int as n from inserted`.execute(db);
    return rows[0]?.n ?? 0;
  },

  /**
   * Completes milestones whose usage-event rule matched: at least `auto_count` events named
   * `auto_event` from the first payment up to today (usage_daily, one statement for all).
   */
  async autoComplete(db: Db, today: string, scope?: string[]) {
    const inScope = scope ? sql`and m.account_id = any(${scope}::uuid[])` : sql``;
    const { rows } = await sql<{ account_id: string; template_id: string; name: string; key: string | null }>`
      with matched as (
        select m.account_id, m.template_id
        from account_milestones m
        join milestone_templates t on t.id = m.template_id
        join ${accountRows(db)} a on a.id = m.account_id
        join ${usageDailyRows(db)} u on u.account_id = m.account_id and u.event = t.auto_event and u.day >= a.first_paid_on and u.day <= ${today}::date
        where m.completed_on is null and t.auto_event is not null ${inScope}
        group by m.account_id, m.template_id, t.auto_count
        having sum(u.count) >= t.auto_count
      )
      update account_milestones m set completed_on = ${today}::date, completed_how = 'auto'
      from matched x, milestone_templates t
      where m.account_id = x.account_id and m.template_id = x.template_id and t.id = m.template_id
      returning m.account_id, m.template_id, t.name, t.key`.execute(db);
    return rows;
  },

  /** Onboarding accounts with their milestones, for the board (a few hundred at most). */
  async board(
    db: Db,
    today: string,
    filter: { onboardingManagerId?: string; ownerId?: string; accountIds?: string[] },
  ) {
    let q = db
      .selectFrom(accountRows(db).as('a'))
      .leftJoin(userRows(db).as('o'), 'o.id', 'a.owner_id')
      .leftJoin(userRows(db).as('m'), 'm.id', 'a.onboarding_manager_id')
      .select([
        'a.id',
        'a.name',
        'a.first_paid_on',
        'a.owner_id',
        'o.name as owner_name',
        'a.onboarding_manager_id',
        'm.name as manager_name',
      ])
      .where(inOnboarding(today))
      .where((eb) =>
        eb.exists(
          eb.selectFrom('account_milestones as x').select('x.account_id').whereRef('x.account_id', '=', 'a.id'),
        ),
      );
    if (filter.onboardingManagerId) q = q.where('a.onboarding_manager_id', '=', filter.onboardingManagerId);
    if (filter.ownerId) q = q.where('a.owner_id', '=', filter.ownerId);
    if (filter.accountIds) q = q.where('a.id', '=', sql<string>`any(${filter.accountIds}::uuid[])`);
    const accounts = await q.orderBy('a.first_paid_on').orderBy('a.name').limit(1000).execute();
    const ids = accounts.map((a) => a.id);
    const milestones = ids.length
      ? await db
          .selectFrom('account_milestones as x')
          .innerJoin('milestone_templates as t', 't.id', 'x.template_id')
          .select(['x.account_id', 'x.template_id', 'x.due_on', 'x.completed_on', 'x.completed_how', 't.position'])
          .where('x.account_id', '=', sql<string>`any(${ids}::uuid[])`)
          .orderBy('t.position')
          .execute()
      : [];
    return { accounts, milestones };
  },
};
