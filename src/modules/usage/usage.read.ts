import { type RawBuilder, type SqlBool, sql } from 'kysely';

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
 * `usage.<module>.<days>` field (docs/lists.md). Set-based: one pass over the window's roll-ups of the
 * module's events (usage_daily_event_day_idx), grouped by account, joined to the listed accounts — not a
 * look-up per account. An account without such events counts 0: when 0 satisfies the comparison the
 * test is "no account total that fails it", so accounts without usage are kept.
 */
export function moduleUsageMatches(
  accountId: RawBuilder<unknown>,
  module: string,
  days: number,
  today: RawBuilder<unknown>,
  operator: UsageComparison,
  value: number,
) {
  const totals = sql`select d.account_id, sum(d.count) as n from usage_daily d
    where d.event in (select e.event from event_catalogue e where e.module = ${module})
      and d.day > ${today} - ${days}::int and d.day <= ${today}
    group by d.account_id`;
  const test = sql`u.n ${sql.raw(operator)} ${value}`;
  return holds(0, operator, value)
    ? sql<SqlBool>`not exists (select 1 from (${totals}) u where u.account_id = ${accountId} and not (${test}))`
    : sql<SqlBool>`${accountId} in (select u.account_id from (${totals}) u where ${test})`;
}
