/** SQL of the prediction module: training examples, models, scores and training jobs. */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { ACCOUNT_FEATURE_COLUMNS, CHURN_OUTCOME } from '../../shared/accounts.js';
import { accountRows, liveAccounts } from '../accounts/accounts.read.js';
import { subscriptionVersionRows } from '../subscriptions/versions.read.js';
import { usageDailyRows } from '../usage/usage.history.read.js';

/** The account's stored renewal probability, as an SQL expression (the accounts list sorts by it). */
export function renewalProbabilityOf(accountId: RawBuilder<unknown>) {
  return sql`(select p.renewal_probability from prediction_scores p where p.account_id = ${accountId})`;
}

export interface ExampleRow {
  account_id: string;
  label: number;
  /** The cut-off day the features are computed as of. */
  as_of: string;
  /** When the label became known (cut-off + horizon); null for an imported outcome. */
  outcome_on: string | null;
}

/** The first day of usage history (the earliest roll-up), or null without any. */
export async function usageHistoryStart(db: Kysely<DB>): Promise<string | null> {
  const result = await sql<{
    since: string | null;
  }>`select to_char(min(day), 'YYYY-MM-DD') as since from ${usageDailyRows(db)} u`.execute(db);
  return result.rows[0]?.since ?? null;
}

/** The earliest first payment of a live account: no one was a customer before it. */
export async function earliestFirstPayment(db: Kysely<DB>): Promise<string | null> {
  const result = await sql<{
    first: string | null;
  }>`select to_char(min(first_paid_on), 'YYYY-MM-DD') as first from ${liveAccounts(db)} a`.execute(db);
  return result.rows[0]?.first ?? null;
}

/**
 * Every example whose outcome is known (docs/prediction.md "Examples"):
 * - an imported outcome (attributes.churn_outcome) counts as it is, features as of today;
 * - otherwise, at each cut-off day, every account that was a customer on it (paid for the first
 *   time by then, not churned by then, and a paying version in force — or no subscription records
 *   at all) is one example, labelled 1 when it churned within `horizon` days after the cut-off.
 *   Churn is churned_on, or the end of the last subscription version when nothing is in force
 *   today. Both classes come from the same cut-offs, so the day says nothing about the label.
 */
export async function trainingExamples(
  db: Kysely<DB>,
  today: string,
  horizon: number,
  cutoffs: string[],
): Promise<ExampleRow[]> {
  const result = await sql<ExampleRow>`
    with versions as (
      select account_id, max(coalesce(ends_on, date '9999-12-31')) as last_end
      from ${subscriptionVersionRows(db)} sv where status <> 'trialing' group by account_id
    ),
    live as (
      select a.id, a.first_paid_on, a.attributes, v.account_id is not null as has_versions,
        coalesce(a.churned_on, case when v.last_end <= ${today}::date then v.last_end end) as churn_on
      from ${liveAccounts(db)} a left join versions v on v.account_id = a.id
    ),
    imported as (
      select id as account_id, case when (attributes->${CHURN_OUTCOME})::boolean then 1 else 0 end as label,
        ${today}::date as as_of, null::date as outcome_on
      from live where jsonb_typeof(attributes->${CHURN_OUTCOME}) = 'boolean'
    ),
    historical as (
      select l.id as account_id, case when l.churn_on <= c.day + ${horizon}::int then 1 else 0 end as label,
        c.day as as_of, c.day + ${horizon}::int as outcome_on
      from live l cross join unnest(${cutoffs}::date[]) as c(day)
      where jsonb_typeof(l.attributes->${CHURN_OUTCOME}) is distinct from 'boolean'
        and l.first_paid_on <= c.day and (l.churn_on is null or l.churn_on > c.day)
        and (not l.has_versions or exists (
          select 1 from ${subscriptionVersionRows(db)} v where v.account_id = l.id and v.status not in ('trialing', 'canceled')
            and v.starts_on <= c.day and (v.ends_on is null or v.ends_on > c.day)))
    )
    select account_id, label, to_char(as_of, 'YYYY-MM-DD') as as_of, to_char(outcome_on, 'YYYY-MM-DD') as outcome_on from imported
    union all select account_id, label, to_char(as_of, 'YYYY-MM-DD'), to_char(outcome_on, 'YYYY-MM-DD') from historical
    order by as_of, account_id`.execute(db);
  return result.rows.map((r) => ({ ...r, label: Number(r.label) }));
}

/** The built-in account columns of the given accounts (current values), in one statement. */
export async function accountColumnValues(db: Kysely<DB>, accountIds: string[]) {
  if (!accountIds.length) return new Map<string, Record<string, unknown>>();
  const result = await sql<{ id: string } & Record<string, unknown>>`
    select id, ${sql.join(ACCOUNT_FEATURE_COLUMNS.map((c) => sql.ref(c.key)))} from ${accountRows(db)} a where id = any(${accountIds}::uuid[])`.execute(
    db,
  );
  return new Map(result.rows.map(({ id, ...values }) => [id, values]));
}

/** How many live accounts have each built-in account column filled. */
export async function accountColumnCounts(db: Kysely<DB>): Promise<Record<string, number>> {
  const result = await sql<Record<string, number>>`
    select ${sql.join(ACCOUNT_FEATURE_COLUMNS.map((c) => sql`count(${sql.ref(c.key)})::int as ${sql.ref(c.key)}`))} from ${liveAccounts(db)} a`.execute(
    db,
  );
  return result.rows[0] ?? {};
}

/** Accounts to score: not deleted, not churned (no churn date, no ended contract). */
export async function activeAccountIds(db: Kysely<DB>, today: string): Promise<string[]> {
  const result = await sql<{ id: string }>`
    select a.id from ${liveAccounts(db)} a
    where (a.churned_on is null or a.churned_on > ${today}::date)
      and (jsonb_typeof(a.attributes->${CHURN_OUTCOME}) is distinct from 'boolean' or a.attributes->${CHURN_OUTCOME} = 'false'::jsonb)
      and not exists (select 1 from ${subscriptionVersionRows(db)} v where v.account_id = a.id and v.status <> 'trialing' having max(coalesce(v.ends_on, date '9999-12-31')) <= ${today}::date)
    order by a.id`.execute(db);
  return result.rows.map((r) => r.id);
}

/** Attribute keys present on accounts, with how their values are typed in the JSON. */
export async function attributeTypes(
  db: Kysely<DB>,
): Promise<{ key: string; numbers: number; texts: number; others: number }[]> {
  const result = await sql<{ key: string; numbers: number; texts: number; others: number }>`
    select e.key, count(*) filter (where jsonb_typeof(e.value) = 'number')::int as numbers,
      count(*) filter (where jsonb_typeof(e.value) = 'string')::int as texts,
      count(*) filter (where jsonb_typeof(e.value) not in ('number', 'string', 'null'))::int as others
    from ${liveAccounts(db)} a cross join lateral jsonb_each(a.attributes) e
    where e.key <> ${CHURN_OUTCOME}
    group by e.key order by e.key`.execute(db);
  return result.rows;
}

/** The selected attributes of the given accounts, in one statement. */
export async function attributeValues(db: Kysely<DB>, accountIds: string[], keys: string[]) {
  if (!keys.length || !accountIds.length) return new Map<string, Record<string, unknown>>();
  const result = await sql<{ id: string; values: Record<string, unknown> }>`
    select a.id, coalesce((select jsonb_object_agg(e.key, e.value) from jsonb_each(a.attributes) e where e.key = any(${keys}::text[])), '{}'::jsonb) as values
    from ${accountRows(db)} a where a.id = any(${accountIds}::uuid[])`.execute(db);
  return new Map(result.rows.map((r) => [r.id, r.values]));
}
