import { sql } from 'kysely';

/** The CTA read model: each account's count of CTAs not closed (open or snoozed), for account_facts (docs/lists.md). */
export function openCtaFacts(scope?: readonly string[]) {
  const inScope = scope ? sql`and c.account_id = any(${[...scope]}::uuid[])` : sql``;
  return sql`
    select c.account_id, count(*)::int as open_ctas
    from ctas c where c.status <> 'closed' ${inScope}
    group by c.account_id`;
}

/**
 * Open CTAs due on or before `day` (a calendar day: today's and overdue ones; snoozed ones are not open),
 * each with its rule's name (`rule`), for the notifications digest. src/services.ts hands it to the
 * notifications service, which this module notifies through and so cannot be imported by. Embed it as a
 * subquery: sql`… from (${dueCtaRows(day)}) c …`; the planner pulls it up (and drops the rule join
 * where no rule name is read).
 */
export function dueCtaRows(day: string) {
  return sql`
    select c.id, c.account_id, c.owner_id, c.title, c.type, c.priority, c.due_on, r.name as rule
    from ctas c left join cta_rules r on r.id = c.rule_id
    where c.status = 'open' and c.due_on <= ${day}::date`;
}
