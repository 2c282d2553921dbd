import { sql } from 'kysely';
import type { SurveyDeps } from './surveys.service.js';
import { invite, throttled } from './surveys.invite.js';

/** A ticket closed longer ago than this is not surveyed any more (the trigger was down, or the import is old). */
export const TICKET_LOOKBACK_DAYS = 7;

/**
 * Surveys the requesters of closed tickets (docs/surveys.md, "After a ticket is closed"): for every active
 * survey with `on_ticket_close`, each ticket solved or closed since the trigger was switched on (and within
 * the look-back), with a requester who is a live contact, and not yet claimed for that survey. The claim
 * (survey × ticket, a unique index) makes it exactly-once however often it runs and however many workers
 * run it; the contact's throttle still applies (the ticket is then recorded as skipped, `throttled`).
 * Runs on the data-arrival signal (ticket imports and syncs) and every five minutes.
 */
export async function surveyClosedTickets(
  deps: Pick<SurveyDeps, 'db' | 'clock' | 'messaging' | 'publicUrl' | 'reads'>,
): Promise<{ surveyed: number; skipped: number }> {
  const { db, clock, reads } = deps;
  const surveys = await db
    .selectFrom('surveys')
    .selectAll()
    .where('active', '=', true)
    .where('on_ticket_close', '=', true)
    .execute();
  const now = clock.now();
  const totals = { surveyed: 0, skipped: 0 };
  for (const survey of surveys) {
    const { rows } = await sql<{ ticket_id: string; contact_id: string; account_id: string; throttled: boolean }>`
      select distinct on (c.id) t.id as ticket_id, c.id as contact_id, c.account_id,
        ${throttled(sql`c.id`, now, survey.throttle_days)} as throttled
      from ${reads.tickets(db)} t
      join ${reads.contacts(db)} c on c.id = t.contact_id and c.deleted_at is null
      join ${reads.accounts(db)} a on a.id = c.account_id
      where t.status in ('solved', 'closed') and t.closed_at is not null
        and t.closed_at >= ${survey.ticket_close_since ?? now}::timestamptz
        and t.closed_at > ${now}::timestamptz - make_interval(days => ${TICKET_LOOKBACK_DAYS})
        and not exists (select 1 from survey_sends s where s.survey_id = ${survey.id} and s.ticket_id = t.id)
      order by c.id, t.closed_at desc`.execute(db);
    if (!rows.length) continue;
    const result = await invite(
      deps,
      survey,
      rows.map((r) => ({
        contactId: r.contact_id,
        accountId: r.account_id,
        throttled: r.throttled,
        ticketId: r.ticket_id,
        claimKey: `ticket:${r.ticket_id}`,
      })),
    );
    totals.surveyed += result.sent;
    totals.skipped += result.selected - result.sent;
  }
  return totals;
}
