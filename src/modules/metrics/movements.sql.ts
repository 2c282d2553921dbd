import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import type { RuleSet } from '../../shared/conditions.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import { conditionsExpression } from '../accounts/conditions.read.js';
import { subscriptionVersionRows } from '../subscriptions/versions.read.js';

export interface MetricsFilter {
  /** A segment's rules, applied to the accounts. */
  segment?: RuleSet;
  plan?: string;
  /** Account owner (CSM) user id. */
  csmId?: string;
}

export { MOVEMENT_TYPES, type MovementType } from '../../shared/metrics.js';

/**
 * The subscription versions that count, each with its MRR in base-currency minor units:
 * amount ÷ months in the interval, rounded half-up per version (PostgreSQL's numeric round),
 * then converted. Trialing and canceled versions count 0.
 */
export function versionsWithMrr(
  db: Kysely<DB>,
  filter: MetricsFilter,
  factors: Record<string, number>,
): RawBuilder<unknown> {
  let q = db
    .selectFrom(subscriptionVersionRows(db).as('sv'))
    .innerJoin(liveAccounts(db).as('accounts'), 'accounts.id', 'sv.account_id');
  if (filter.plan) q = q.where('sv.plan', '=', filter.plan);
  if (filter.csmId) q = q.where('accounts.owner_id', '=', filter.csmId);
  if (filter.segment) {
    const { conditions, match } = filter.segment;
    q = q.where((eb) => conditionsExpression(eb as never, conditions, match));
  }
  const fx = Object.entries(factors);
  const factor = fx.length
    ? sql`case sv.currency ${sql.join(
        fx.map(([c, f]) => sql`when ${c} then ${f}::numeric`),
        sql` `,
      )} end`
    : sql`null::numeric`;
  const query = q.select([
    'sv.account_id',
    'sv.subscription_id',
    'sv.interval',
    'sv.starts_on',
    'sv.ends_on',
    sql<number>`case when sv.status in ('trialing', 'canceled') then 0
      else round(round(sv.amount_minor::numeric / case sv.interval when 'month' then 1 when 'quarter' then 3 else 12 end) * ${factor})::bigint end`.as(
      'mrr',
    ),
  ]);
  return sql`${query}`;
}

/**
 * Every movement, one per customer per day on which its MRR changed (set-based: versions become
 * +/- deltas at their start and end days, a running sum per customer gives MRR before and after).
 * Columns: account_id, day, month (first day), type, amount (positive), mrr_before, mrr_after.
 */
export function movementsCte(db: Kysely<DB>, filter: MetricsFilter, factors: Record<string, number>) {
  return sql`
    v as (${versionsWithMrr(db, filter, factors)}),
    deltas as (
      select account_id, starts_on as day, mrr as delta from v where mrr <> 0
      union all
      select account_id, ends_on as day, -mrr as delta from v where mrr <> 0 and ends_on is not null
    ),
    daily as (
      select account_id, day, sum(delta)::bigint as delta from deltas group by account_id, day
    ),
    running as (
      select account_id, day, delta, sum(delta) over (partition by account_id order by day)::bigint as mrr_after
      from daily where delta <> 0
    ),
    moves as (
      select account_id, day, mrr_after - delta as mrr_before, mrr_after,
        coalesce(max(mrr_after) over (partition by account_id order by day rows between unbounded preceding and 1 preceding), 0) as peak_before
      from running
    ),
    movements as (
      select account_id, day, date_trunc('month', day)::date as month,
        case
          when mrr_before = 0 and peak_before > 0 then 'reactivation'
          when mrr_before = 0 then 'new'
          when mrr_after = 0 then 'churn'
          when mrr_after > mrr_before then 'expansion'
          else 'contraction'
        end as type,
        abs(mrr_after - mrr_before)::bigint as amount, mrr_before, mrr_after
      from moves
    )`;
}
