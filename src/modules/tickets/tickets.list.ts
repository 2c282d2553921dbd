import { sql } from 'kysely';
import { CLOSED_TICKET_STATUSES, TICKET_PRIORITIES, type TicketListQuery } from '../../shared/tickets.js';
import type { TicketDeps } from './tickets.service.js';
import { toTicketView } from './tickets.view.js';
import { pageLimit, pageOffset } from '../../db/page-window.js';

/** One account's tickets for the Support tab: a page, the total, contact names from the contacts service. */
export async function listTickets(
  { db, clock, contacts }: Pick<TicketDeps, 'db' | 'clock' | 'contacts'>,
  accountId: string,
  query: TicketListQuery,
) {
  const now = clock.now();
  let q = db.selectFrom('tickets').where('account_id', '=', accountId);
  if (query.state === 'open') q = q.where('status', 'not in', CLOSED_TICKET_STATUSES);
  if (query.state === 'closed') q = q.where('status', 'in', CLOSED_TICKET_STATUSES);
  if (query.priority) q = q.where('priority', '=', query.priority);
  const direction = query.order === 'asc' ? sql`asc` : sql`desc`;
  // Age runs to the closing time, or to now while open — the same rule as the view's ageDays.
  const key =
    query.sort === 'age'
      ? sql`coalesce(closed_at, ${now}::timestamptz) - opened_at`
      : query.sort === 'priority'
        ? sql`array_position(${[...TICKET_PRIORITIES]}::text[], priority)`
        : sql`opened_at`;
  const [rows, total, people] = await Promise.all([
    q
      .selectAll()
      .orderBy(sql`${key} ${direction}`)
      .orderBy('opened_at', 'desc')
      .orderBy('id')
      .limit(pageLimit(query))
      .offset(pageOffset(query))
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    contacts.list(accountId),
  ]);
  const names = new Map(people.map((c) => [c.id, c.name]));
  return {
    items: rows.map((r) => toTicketView(r, r.contact_id ? (names.get(r.contact_id) ?? null) : null, now)),
    total: Number(total.n),
  };
}
