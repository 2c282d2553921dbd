import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { isStoredWindow } from './module-totals.js';

/**
 * The usage read model: distinct people active in the 30 days up to `today` (inclusive), for
 * account_facts (docs/lists.md).
 */
export function activeUserFacts(today: string, scope?: readonly string[]) {
  const inScope = scope ? sql`and u.account_id = any(${[...scope]}::uuid[])` : sql``;
  return sql`
    select u.account_id, count(distinct u.person)::int as active_users_30d
    from usage_user_daily u where u.day > ${today}::date - 30 and u.day <= ${today}::date ${inScope}
    group by u.account_id`;
}

/** A comparison of the filter language, as SQL. */
export type UsageComparison = '=' | '<>' | '>' | '>=' | '<' | '<=';

const holds = (n: number, operator: UsageComparison, value: number) =>
  ({ '=': n === value, '<>': n !== value, '>': n > value, '>=': n >= value, '<': n < value, '<=': n <= value })[
    operator
  ];

/**
 * "Usage of a product module over the last N days" as a predicate on an account id: the events of the
 * module (the event catalogue's mapping) counted from the daily roll-ups over the `days` days up to
 * `today` (a day in the organisation's time zone, included), compared with `value` — the filter language's
 * `usage.<module>.<days>` field (docs/lists.md). An account without such events counts 0: when 0 satisfies
 * the comparison the test is "no account total that fails it", so accounts without usage are kept.
 *
 * For 7, 30 and 90 days the totals are kept per account (usage_module_totals, refreshed with the account
 * facts), and read when their last full refresh was for `today` — an index range, or one look-up per
 * listed account. Otherwise (another window, or the first hour after midnight before the hourly refresh)
 * it sums the window's roll-ups of the module's events (usage_daily_event_day_idx) for every account at
 * once, grouped by account — set-based either way, never a look-up per account into the roll-ups.
 */
export function moduleUsageMatches(
  accountId: RawBuilder<unknown>,
  module: string,
  days: number,
  today: RawBuilder<unknown>,
  operator: UsageComparison,
  value: number,
) {
  const counted = sql`select d.account_id, sum(d.count) as n from usage_daily d
    where d.event in (select e.event from event_catalogue e where e.module = ${module})
      and d.day > ${today} - ${days}::int and d.day <= ${today}
    group by d.account_id`;
  const live = matches(accountId, counted, operator, value);
  if (!isStoredWindow(days)) return live;
  const fresh = sql<SqlBool>`exists (select 1 from usage_module_totals_state s where s.as_of = ${today})`;
  const kept = sql`select t.account_id, t.events as n from usage_module_totals t where t.module = ${module} and t.days = ${days}`;
  if (holds(0, operator, value)) {
    // "No kept total fails the test" stays a top-level anti-join the planner runs as one hash join over
    // the listed accounts (a look-up per account was 350 ms for 40k red accounts); while the totals are
    // stale it holds for everyone and the live count decides.
    const test = sql`u.n ${sql.raw(operator)} ${value}`;
    return sql<SqlBool>`not exists (select 1 from (${kept}) u where u.account_id = ${accountId} and not (${test}) and ${fresh})
      and (${fresh} or ${live})`;
  }
  // One look at the state per statement (an init plan); the branch not taken is never run.
  return sql<SqlBool>`case when ${fresh} then ${matches(accountId, kept, operator, value)} else ${live} end`;
}

/** `accountId`'s total among `totals` (account_id, n; absent = 0) compares with `value`. */
function matches(
  accountId: RawBuilder<unknown>,
  totals: RawBuilder<unknown>,
  operator: UsageComparison,
  value: number,
) {
  const test = sql`u.n ${sql.raw(operator)} ${value}`;
  return holds(0, operator, value)
    ? sql<SqlBool>`not exists (select 1 from (${totals}) u where u.account_id = ${accountId} and not (${test}))`
    : sql<SqlBool>`${accountId} in (select u.account_id from (${totals}) u where ${test})`;
}

/**
 * The roll-up queue, for the Prometheus gauges (ops/metrics.ts): one row, the events waiting in
 * usage_pending (`n`) and the oldest one's time (`oldest`, null when none wait). Each roll-up round
 * (about every second) empties it. Embed it as a subquery: sql`… from (${pendingRollup()}) r`.
 */
export function pendingRollup() {
  return sql<{
    n: number;
    oldest: Date | null;
  }>`select count(*)::int as n, min(timestamp) as oldest from usage_pending`;
}

/**
 * Tracked events (the tracking API's `track` calls) attributed to an account, for modules that react to
 * one event by name: journeys enrol on an event and wait for one (docs/journeys.md). Columns: message_id,
 * account_id, user_id, event, timestamp (event time, skew corrected), received_at (when Tenure stored it).
 */
export function trackedEvents() {
  return sql`select e.message_id, e.account_id, e.user_id, e.event, e.timestamp, e.received_at
    from usage_events e where e.type = 'track' and e.account_id is not null`;
}
