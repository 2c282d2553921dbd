import type { Selectable } from 'kysely';
import type { TicketsTable } from '../../db/types.js';
import type { TicketView } from '../../shared/tickets.js';

const DAY_MS = 86_400_000;

/** Whole days a ticket was (or has been, while open) open; never negative. */
export const ageDays = (openedAt: Date, closedAt: Date | null, now: Date) =>
  Math.max(0, Math.floor(((closedAt ?? now).getTime() - openedAt.getTime()) / DAY_MS));

export function toTicketView(row: Selectable<TicketsTable>, contactName: string | null, now: Date): TicketView {
  const openedAt = new Date(row.opened_at as Date);
  const closedAt = row.closed_at ? new Date(row.closed_at as Date) : null;
  return {
    id: row.id,
    accountId: row.account_id,
    externalId: row.external_id,
    contactId: row.contact_id,
    contactName,
    subject: row.subject,
    type: row.type,
    priority: row.priority,
    status: row.status,
    csat: row.csat,
    openedAt,
    closedAt,
    ageDays: ageDays(openedAt, closedAt, now),
  };
}
