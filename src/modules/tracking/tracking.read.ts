import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/types.js';

/**
 * The tracking read model: what other modules read of the identified people and groups
 * (tracking_profiles, tracking_groups: owned by tracking, src/db/ownership.ts) without naming them.
 */

/**
 * Traits waiting to be applied, for the Prometheus gauges (ops/metrics.ts): one row, the flagged groups
 * and profiles (`n`) and the oldest flag's time (`oldest`, null when none wait). Profiles not linked to
 * an account yet are not late: they wait for their group call. Embed it as a subquery:
 * sql`… from (${pendingTraits()}) t`.
 */
export function pendingTraits() {
  return sql<{ n: number; oldest: Date | null }>`
    select (select count(*)::int from tracking_groups where traits_pending)
             + (select count(*)::int from tracking_profiles where traits_pending and account_id is not null) as n,
           least((select min(updated_at) from tracking_groups where traits_pending),
                 (select min(updated_at) from tracking_profiles where traits_pending and account_id is not null)) as oldest`;
}

/**
 * The ids of the accounts a tracked person belongs to (by their user id or their anonymous person id),
 * as a query to use in `where account_id in (…)` (the in-product messages, welcome.service.ts).
 */
export function profileAccountIds(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('tracking_profiles')
    .select('account_id')
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('person', '=', userId)]))
    .where('account_id', 'is not', null);
}

/**
 * The email addresses a tracked user identified with (their `email` trait, lower-cased), as a query to use
 * in `where … in (…)`: the in-app snippet's user → contact mapping when no contact has the user id as its
 * external id (messaging/inapp.ts).
 */
export function profileEmails(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('tracking_profiles')
    .select(sql<string>`lower(traits->>'email')`.as('email'))
    .where('user_id', '=', userId)
    .where(sql`traits->>'email'`, 'is not', null);
}
