import { type RawBuilder, sql } from 'kysely';

/**
 * The day something of a CTA is due `offset` days into its plan (the CTA's own due date: the rule's
 * due days; a task: its playbook offset), as SQL over a row's anchor and lead.
 *
 * Not anchored: the opening day + offset.
 * Anchored (a renewal): the plan is laid out backwards from the anchor A over the lead L (the rule's
 * window, 90 days): offset o falls on A − (L − o), as if the CTA had opened at A − L. A CTA that
 * opens later, R < L days before A, gets the same plan compressed into the days left:
 * A − round((L − o) × R ÷ L) — same order, same proportions, the first step today. Whatever comes
 * out is clamped to the anchor, so nothing is ever due after it (docs/ctas.md "Date-anchored CTAs").
 */
export function planDay(
  today: string,
  offset: RawBuilder<unknown>,
  anchor: RawBuilder<unknown>,
  lead: RawBuilder<unknown>,
) {
  const l = sql`greatest(coalesce(${lead}, 1), 1)`;
  const left = sql`least(greatest(${anchor} - ${today}::date, 0), ${l})`;
  return sql<string>`case when ${anchor} is null then ${today}::date + ${offset}
    else least(${anchor}, ${anchor} - round((${l} - ${offset})::numeric * ${left} / ${l})::int) end`;
}
