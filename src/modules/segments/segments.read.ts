import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

/**
 * The saved segments read model: each segment's id and name, for modules that check a reference to a
 * segment or name it next to their own rows in one statement, without naming the `segments` table the
 * segments module owns (src/db/ownership.ts). Rules and members come from the segments service.
 */
export function segmentRows(db: Kysely<DB>) {
  return db.selectFrom('segments').select(['id', 'name']);
}
