import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

/**
 * The subscription versions read model: every version of every subscription (account_id,
 * subscription_id, status, starts_on, ends_on, quantity, interval, currency, amounts, …), for set-based
 * engines in other modules (CTA triggers, health measures and backtest, prediction, MRR movements) that
 * compose it into their own statement — join it (`.innerJoin(subscriptionVersionRows(db).as('sv'), …)`)
 * or embed it in raw SQL (sql`… join ${subscriptionVersionRows(db)} v on …`) — without naming the table
 * the subscriptions module owns (src/db/ownership.ts). Writes go through the subscriptions service.
 */
export function subscriptionVersionRows(db: Kysely<DB>) {
  return db.selectFrom('subscription_versions').selectAll();
}
