import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

/** Each account's ARR (base-currency minor units) and plan: firmographic criteria of the ICP fit score. */
export function accountRevenueFactRows(db: Kysely<DB>) {
  return db.selectFrom('account_facts').select(['account_id', 'arr_minor', 'plan']);
}

/**
 * Each account's hot figures (account_facts, docs/lists.md) for other modules to compose into one
 * statement — the peer benchmark reads its health score, active users and latest NPS across a group; the
 * voice of the customer sums the ARR of the accounts behind a tag or a request, and the ARR renewing soon.
 */
export function accountFactRows(db: Kysely<DB>) {
  return db
    .selectFrom('account_facts')
    .select(['account_id', 'health_score', 'active_users_30d', 'latest_nps', 'arr_minor', 'renewal_on', 'updated_at']);
}
