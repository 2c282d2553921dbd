import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

/**
 * Each account's events of each product module over the last 7, 30 and 90 days, as of the last refresh
 * (usage_module_totals, module-totals.ts; docs/lists.md). No row: no such events (count 0).
 */
export function moduleTotalRows(db: Kysely<DB>) {
  return db.selectFrom('usage_module_totals').select(['module', 'days', 'account_id', 'events']);
}
