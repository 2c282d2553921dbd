import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';

/**
 * Every ticket (account_id, contact_id, subject, priority, status, opened_at, closed_at, csat, …), for
 * set-based engines in other modules (CTA triggers, health measures, prediction features) that compose it
 * into their own statement — sql`… join ${ticketRows(db)} t on …` — without naming the `tickets` table.
 */
export function ticketRows(db: Kysely<DB>) {
  return db.selectFrom('tickets').selectAll();
}

/**
 * The tickets read model for the account timeline: one entry when a ticket was opened and one when
 * it was closed, shaped as timeline entries (the timeline module unions it with its activities, so
 * the page is still one statement). Nothing is copied at write time, so imported tickets, tickets
 * written through the API and tickets reopened and closed again all read the same.
 * Columns: id, account_id, contact_id, type, subject, body, data, author_id, occurred_at, created_at.
 */
export function ticketTimelineEntries(accountId: string) {
  return sql`
    select t.id::text || ':' || e.event as id, t.account_id, t.contact_id, 'ticket'::text as type,
      t.subject, null::text as body,
      jsonb_build_object(
        'key', case e.event when 'opened' then 'timeline.ticketOpened' else 'timeline.ticketClosed' end,
        'params', jsonb_build_object('subject', t.subject, 'priority', t.priority, 'status', t.status, 'csat', t.csat),
        'ticketId', t.id) as data,
      null::uuid as author_id, e.at as occurred_at, e.at as created_at
    from tickets t
    cross join lateral (values ('opened', t.opened_at), ('closed', t.closed_at)) as e (event, at)
    where t.account_id = ${accountId} and e.at is not null`;
}
