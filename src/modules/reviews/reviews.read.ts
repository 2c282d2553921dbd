import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import { activityRows } from '../timeline/activities.read.js';

export interface ReviewDueRow {
  account_id: string;
  kind: 'qbr' | 'ebr';
  months: number;
  /** The day of the last review logged on the timeline (activity type `qbr`), in the organisation's time zone. */
  last_on: string | null;
  /** The last review + the tier's cadence; with no review yet, the first payment + the cadence. */
  due_on: string;
}

/**
 * The business reviews read model (docs/business-reviews.md): for every live paying customer whose tier
 * has a cadence, when its next review is due. One statement over all accounts (or those given), for the
 * CTA trigger `review_due` to compose into its own and for the 360's business review panel. Reviews
 * dated after `today` are not counted: a review is held, then logged.
 */
export function reviewDueRows(
  db: Kysely<DB>,
  { today, tz, accountIds }: { today: string; tz: string; accountIds?: string[] },
): RawBuilder<ReviewDueRow> {
  const scope = accountIds ? sql`and a.id = any(${accountIds}::uuid[])` : sql``;
  // In parentheses: a subquery to select from, like the query builders of the other read models.
  return sql<ReviewDueRow>`(
    select a.id as account_id, c.kind, c.months, l.last_on::text as last_on,
           (coalesce(l.last_on, a.first_paid_on) + make_interval(months => c.months))::date::text as due_on
    from ${liveAccounts(db)} a
    join review_cadences c on c.tier = a.tier and c.months is not null
    left join lateral (
      select max((x.occurred_at at time zone ${tz})::date) as last_on
      from ${activityRows(db)} x
      where x.account_id = a.id and x.type = 'qbr' and x.occurred_at < ((${today}::date + 1)::timestamp at time zone ${tz})
    ) l on true
    where a.first_paid_on is not null and a.first_paid_on <= ${today}::date
      and (a.churned_on is null or a.churned_on > ${today}::date) ${scope}
  )`;
}
