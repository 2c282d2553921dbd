import { sql } from 'kysely';

/** The surveys read model: each account's latest NPS answer (0–10), for account_facts (docs/lists.md). */
export function latestNpsFacts(scope?: readonly string[]) {
  const inScope = scope ? sql`where n.account_id = any(${[...scope]}::uuid[])` : sql``;
  return sql`
    select distinct on (n.account_id) n.account_id, n.score as latest_nps
    from nps_responses n ${inScope}
    order by n.account_id, n.responded_at desc, n.id desc`;
}
