import { sql } from 'kysely';

/** The CTA read model: each account's count of CTAs not closed (open or snoozed), for account_facts (docs/lists.md). */
export function openCtaFacts(scope?: readonly string[]) {
  const inScope = scope ? sql`and c.account_id = any(${[...scope]}::uuid[])` : sql``;
  return sql`
    select c.account_id, count(*)::int as open_ctas
    from ctas c where c.status <> 'closed' ${inScope}
    group by c.account_id`;
}
