import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

/**
 * The usage history read model: the daily roll-ups of product usage and the event catalogue, for
 * set-based engines in other modules (CTA triggers, health measures, prediction features, onboarding
 * milestones) that read every account's usage in one statement. Compose them into the caller's
 * statement — join them or embed them in raw SQL (sql`… join ${usageDailyRows(db)} u on …`) — so the
 * database still plans one statement (a plain select of the table, which the planner pulls up: the same
 * plan, indexes and parallel scans as naming the table). The usage module owns the tables
 * (src/db/ownership.ts); ingest writes them.
 */

/** Events per account, event and day: account_id, event, day, count. */
export function usageDailyRows(db: Kysely<DB>) {
  return db.selectFrom('usage_daily').selectAll();
}

/** Active users per account and day: account_id, day, users. */
export function activeUsersDailyRows(db: Kysely<DB>) {
  return db.selectFrom('usage_active_daily').selectAll();
}

/** Who was active per account and day: account_id, person, day, … */
export function userDailyRows(db: Kysely<DB>) {
  return db.selectFrom('usage_user_daily').selectAll();
}

/** The event catalogue: event, module, … */
export function eventCatalogueRows(db: Kysely<DB>) {
  return db.selectFrom('event_catalogue').selectAll();
}
