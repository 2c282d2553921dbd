import { type RawBuilder, sql } from 'kysely';

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

/**
 * Events of a product module (the event catalogue's module) an account sent in the last `days` days
 * up to `today`, as a scalar SQL expression: the filter language's "usage of a module" condition.
 */
export function moduleUsageOf(
  accountId: RawBuilder<unknown>,
  module: string,
  days: number,
  today: RawBuilder<unknown>,
) {
  return sql<number>`(select coalesce(sum(d.count), 0) from usage_daily d
    join event_catalogue e on e.event = d.event and e.module = ${module}
    where d.account_id = ${accountId} and d.day > ${today} - ${days}::int and d.day <= ${today})`;
}
