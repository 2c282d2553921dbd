import { type Kysely, sql } from 'kysely';
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

/**
 * The currencies subscriptions are in, each once: a skip over subscription_versions_currency_idx (migration
 * 0054), one index probe per currency, where `select distinct` reads every version on every revenue read.
 */
export async function currenciesInUse(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ currency: string }>`
    with recursive c as (
      (select currency from subscription_versions order by currency limit 1)
      union all
      select (select v.currency from subscription_versions v where v.currency > c.currency order by v.currency limit 1)
      from c where c.currency is not null
    )
    select currency from c where currency is not null`.execute(db);
  return rows.map((r) => r.currency.trim());
}
