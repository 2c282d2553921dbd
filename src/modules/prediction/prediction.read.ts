import { sql } from 'kysely';

/** The prediction read model: each scored account's renewal probability (0–1), for account_facts (docs/lists.md). */
export function renewalProbabilityFacts(scope?: readonly string[]) {
  const inScope = scope ? sql`where p.account_id = any(${[...scope]}::uuid[])` : sql``;
  return sql`select p.account_id, p.renewal_probability::float8 as renewal_probability from prediction_scores p ${inScope}`;
}
