/**
 * Renewal events for the backtest (docs/health.md): from the subscription history, so past
 * churns and renewals count even after an account came back.
 * - churned on D: a paid version ends on D and no paid version of the account covers D;
 * - renewed on D: D is a term anniversary of a paid subscription — every 12 months from its start
 *   for annual and monthly terms, every 3 months for quarterly ones — and the account still pays on
 *   D and on the day before.
 * Paid = amount > 0 and status active or past due (trials and cancelled versions are not).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { subscriptionVersionRows } from '../subscriptions/versions.read.js';

export interface RenewalEvent {
  accountId: string;
  day: string;
  churned: boolean;
}

export async function renewalEvents(
  trx: Kysely<DB> | Transaction<DB>,
  from: string,
  to: string,
): Promise<RenewalEvent[]> {
  const result = await sql<{ account_id: string; day: string; churned: boolean }>`
    with paid as materialized (
      select account_id, subscription_id, starts_on, ends_on, interval from ${subscriptionVersionRows(trx)} v
      where amount_minor > 0 and status in ('active', 'past_due')
    ),
    churn as (
      select distinct p.account_id, p.ends_on as day from paid p
      where p.ends_on between ${from}::date and ${to}::date
        and not exists (select 1 from paid q where q.account_id = p.account_id and q.starts_on <= p.ends_on and (q.ends_on is null or q.ends_on > p.ends_on))
    ),
    subs as (
      select subscription_id, account_id, min(starts_on) as started,
             case (array_agg(interval order by starts_on desc))[1] when 'quarter' then interval '3 months' else interval '12 months' end as step
      from paid group by 1, 2
    ),
    anniversaries as (
      select distinct s.account_id, g::date as day
      from subs s cross join lateral generate_series(s.started::timestamp + s.step, ${to}::date::timestamp, s.step) g
      where g::date >= ${from}::date
    ),
    renew as (
      select a.account_id, a.day from anniversaries a
      where exists (select 1 from paid p where p.account_id = a.account_id and p.starts_on <= a.day and (p.ends_on is null or p.ends_on > a.day))
        and exists (select 1 from paid p where p.account_id = a.account_id and p.starts_on <= a.day - 1 and (p.ends_on is null or p.ends_on > a.day - 1))
    )
    select account_id, day, true as churned from churn
    union all
    select account_id, day, false from renew
    order by 2, 1`.execute(trx);
  return result.rows.map((r) => ({ accountId: r.account_id, day: r.day, churned: r.churned }));
}
