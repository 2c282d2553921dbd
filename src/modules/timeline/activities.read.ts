import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

/**
 * The activities read model: every logged activity (account_id, type, occurred_at, …), for set-based
 * engines in other modules (CTA triggers' "no activity", the lifecycle stages) that compose it into
 * their own statement — sql`… exists (select 1 from ${activityRows(db)} x where …)` — without naming
 * the `activities` table, which the timeline module owns (src/db/ownership.ts). Writes go through the
 * timeline service.
 */
export function activityRows(db: Kysely<DB>) {
  return db.selectFrom('activities').selectAll();
}
