import { sql } from 'kysely';

/**
 * The subscriptions read model of plans: each account's current plan on `day` — that of its largest
 * paying version in force (ties: the plan's name), for account_facts (docs/lists.md).
 */
export function currentPlanFacts(day: string, scope?: readonly string[]) {
  const inScope = scope ? sql`and v.account_id = any(${[...scope]}::uuid[])` : sql``;
  return sql`
    select distinct on (v.account_id) v.account_id, v.plan
    from subscription_versions v
    where v.status in ('active', 'past_due') and v.plan is not null
      and v.starts_on <= ${day}::date and (v.ends_on is null or v.ends_on > ${day}::date) ${inScope}
    order by v.account_id, v.amount_minor desc, v.plan`;
}
