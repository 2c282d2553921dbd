/** SQL of the prediction module: training examples, models, scores and training jobs. */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { CHURN_OUTCOME } from '../imports/kinds/accounts.js';

/** The account's stored renewal probability, as an SQL expression (the accounts list sorts by it). */
export function renewalProbabilityOf(accountId: RawBuilder<unknown>) {
  return sql`(select p.renewal_probability from prediction_scores p where p.account_id = ${accountId})`;
}

export interface ExampleRow {
  account_id: string;
  label: number;
  as_of: string;
  outcome_on: string | null;
}

/**
 * Every account whose outcome is known, with the day its features are computed as of
 * (docs/prediction.md "Examples"):
 * - an imported outcome (attributes.churn_outcome) counts as it is, features as of today;
 * - churned: churned_on, or the end of its last subscription version when nothing is in force
 *   today; features as of `horizon` days before the churn;
 * - retained: paying `horizon` days ago, paying today, and a term boundary of its contract
 *   (monthly, quarterly or yearly from the first payment) passed in between; features as of
 *   `horizon` days ago.
 * Historical examples whose cut-off precedes the first usage roll-up are left out: their
 * usage features would read as "no usage" for want of history, not for want of use.
 */
export async function trainingExamples(db: Kysely<DB>, today: string, horizon: number): Promise<ExampleRow[]> {
  const result = await sql<ExampleRow>`
    with history as (select min(day) as since from usage_daily),
    versions as (
      select account_id, max(coalesce(ends_on, date '9999-12-31')) as last_end
      from subscription_versions where status <> 'trialing' group by account_id
    ),
    live as (
      select a.id, a.first_paid_on, a.attributes,
        coalesce(a.churned_on, case when v.last_end <= ${today}::date then v.last_end end) as churn_on
      from accounts a left join versions v on v.account_id = a.id
      where a.deleted_at is null
    ),
    imported as (
      select id as account_id, case when (attributes->${CHURN_OUTCOME})::boolean then 1 else 0 end as label,
        ${today}::date as as_of, null::date as outcome_on
      from live where jsonb_typeof(attributes->${CHURN_OUTCOME}) = 'boolean'
    ),
    churned as (
      select l.id as account_id, 1 as label, l.churn_on - ${horizon}::int as as_of, l.churn_on as outcome_on
      from live l cross join history h
      where jsonb_typeof(l.attributes->${CHURN_OUTCOME}) is distinct from 'boolean'
        and l.churn_on <= ${today}::date and l.first_paid_on <= l.churn_on - ${horizon}::int
        and (h.since is null or l.churn_on - ${horizon}::int >= h.since)
    ),
    retained as (
      select l.id as account_id, 0 as label, ${today}::date - ${horizon}::int as as_of, ${today}::date as outcome_on
      from live l cross join history h
      join lateral (
        select case v.interval when 'month' then 1 when 'quarter' then 3 else 12 end as step
        from subscription_versions v
        where v.account_id = l.id and v.status not in ('trialing', 'canceled')
          and v.starts_on <= ${today}::date - ${horizon}::int and (v.ends_on is null or v.ends_on > ${today}::date - ${horizon}::int)
        order by v.starts_on desc limit 1
      ) term on true
      where jsonb_typeof(l.attributes->${CHURN_OUTCOME}) is distinct from 'boolean'
        and l.churn_on is null and l.first_paid_on <= ${today}::date - ${horizon}::int
        and (h.since is null or ${today}::date - ${horizon}::int >= h.since)
        and exists (select 1 from subscription_versions v where v.account_id = l.id and v.status not in ('trialing', 'canceled')
                    and v.starts_on <= ${today}::date and (v.ends_on is null or v.ends_on > ${today}::date))
        and (extract(year from age(${today}::date, l.first_paid_on)) * 12 + extract(month from age(${today}::date, l.first_paid_on)))::int / term.step
          > (extract(year from age(${today}::date - ${horizon}::int, l.first_paid_on)) * 12 + extract(month from age(${today}::date - ${horizon}::int, l.first_paid_on)))::int / term.step
    )
    select account_id, label, to_char(as_of, 'YYYY-MM-DD') as as_of, to_char(outcome_on, 'YYYY-MM-DD') as outcome_on from imported
    union all select account_id, label, to_char(as_of, 'YYYY-MM-DD'), to_char(outcome_on, 'YYYY-MM-DD') from churned
    union all select account_id, label, to_char(as_of, 'YYYY-MM-DD'), to_char(outcome_on, 'YYYY-MM-DD') from retained
    order by account_id`.execute(db);
  return result.rows.map((r) => ({ ...r, label: Number(r.label) }));
}

/** Accounts to score: not deleted, not churned (no churn date, no ended contract). */
export async function activeAccountIds(db: Kysely<DB>, today: string): Promise<string[]> {
  const result = await sql<{ id: string }>`
    select a.id from accounts a
    where a.deleted_at is null and (a.churned_on is null or a.churned_on > ${today}::date)
      and (jsonb_typeof(a.attributes->${CHURN_OUTCOME}) is distinct from 'boolean' or a.attributes->${CHURN_OUTCOME} = 'false'::jsonb)
      and not exists (select 1 from subscription_versions v where v.account_id = a.id and v.status <> 'trialing' having max(coalesce(v.ends_on, date '9999-12-31')) <= ${today}::date)
    order by a.id`.execute(db);
  return result.rows.map((r) => r.id);
}

/** Attribute keys present on accounts, with how their values are typed in the JSON. */
export async function attributeTypes(db: Kysely<DB>): Promise<{ key: string; numbers: number; texts: number; others: number }[]> {
  const result = await sql<{ key: string; numbers: number; texts: number; others: number }>`
    select e.key, count(*) filter (where jsonb_typeof(e.value) = 'number')::int as numbers,
      count(*) filter (where jsonb_typeof(e.value) = 'string')::int as texts,
      count(*) filter (where jsonb_typeof(e.value) not in ('number', 'string', 'null'))::int as others
    from accounts a cross join lateral jsonb_each(a.attributes) e
    where a.deleted_at is null and e.key <> ${CHURN_OUTCOME}
    group by e.key order by e.key`.execute(db);
  return result.rows;
}

/** The selected attributes of the given accounts, in one statement. */
export async function attributeValues(db: Kysely<DB>, accountIds: string[], keys: string[]) {
  if (!keys.length || !accountIds.length) return new Map<string, Record<string, unknown>>();
  const result = await sql<{ id: string; values: Record<string, unknown> }>`
    select a.id, coalesce((select jsonb_object_agg(e.key, e.value) from jsonb_each(a.attributes) e where e.key = any(${keys}::text[])), '{}'::jsonb) as values
    from accounts a where a.id = any(${accountIds}::uuid[])`.execute(db);
  return new Map(result.rows.map((r) => [r.id, r.values]));
}
