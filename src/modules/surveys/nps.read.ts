import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';

/**
 * Every NPS answer (account_id, contact_id, score, responded_at, …), for set-based engines in other
 * modules (CTA triggers, health measures, prediction features) that compose it into their own statement —
 * sql`… join ${npsResponseRows(db)} n on …` — without naming the `nps_responses` table.
 */
export function npsResponseRows(db: Kysely<DB>) {
  return db.selectFrom('nps_responses').selectAll();
}

/** The surveys read model: each account's latest NPS answer (0–10), for account_facts (docs/lists.md). */
export function latestNpsFacts(scope?: readonly string[]) {
  const inScope = scope ? sql`where n.account_id = any(${[...scope]}::uuid[])` : sql``;
  return sql`
    select distinct on (n.account_id) n.account_id, n.score as latest_nps
    from nps_responses n ${inScope}
    order by n.account_id, n.responded_at desc, n.id desc`;
}
