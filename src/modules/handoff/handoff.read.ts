import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

/**
 * Each account's handoff answers (the checklist sales filled in, BANT included) for other modules to
 * compose into one statement: the ICP fit score reads the BANT answers of every account at once.
 */
export function handoffAnswerRows(db: Kysely<DB>) {
  return db.selectFrom('handoffs').select(['account_id', 'answers', 'status']);
}
