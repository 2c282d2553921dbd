import { conflict, invalidField, notFound } from '../../http/errors.js';
import { CLOSED_TICKET_STATUSES, type TicketInput, type TicketPatch, type TicketView } from '../../shared/tickets.js';
import type { Actor } from '../audit/actor.js';
import type { TicketDeps } from './tickets.service.js';
import { toTicketView } from './tickets.view.js';

const isClosed = (status: string) => (CLOSED_TICKET_STATUSES as readonly string[]).includes(status);

/** Creating and changing one ticket through the API: audited, then signalled so health and CTA rules see it. */
export function createTicketWrites({ db, clock, audit, contacts, signals }: TicketDeps) {
  const contactName = async (accountId: string, contactId: string | null | undefined, field: string[]) => {
    if (!contactId) return null;
    try {
      return (await contacts.get(accountId, contactId)).name;
    } catch {
      throw invalidField(field, 'errors.contactNotOnAccount');
    }
  };

  return {
    async create(actor: Actor, accountId: string, input: TicketInput): Promise<TicketView> {
      const name = await contactName(accountId, input.contactId, ['body', 'contactId']);
      const now = clock.now();
      const openedAt = input.openedAt ? new Date(input.openedAt) : now;
      if (openedAt > now) throw invalidField(['body', 'openedAt'], 'errors.notInFuture');
      const values = {
        account_id: accountId,
        external_id: input.externalId ?? null,
        contact_id: input.contactId ?? null,
        subject: input.subject,
        type: input.type ?? null,
        priority: input.priority,
        status: input.status,
        csat: input.csat ?? null,
        opened_at: openedAt,
        closed_at: isClosed(input.status) ? now : null,
      };
      const row = await db.transaction().execute(async (trx) => {
        // The external id is the import's identity too: the same id on the same account updates that
        // ticket, as a repeated import does; on another account it is someone else's ticket.
        const stored = await trx
          .insertInto('tickets')
          .values(values)
          .onConflict((oc) =>
            oc
              .column('external_id')
              .doUpdateSet((eb) => ({
                contact_id: eb.ref('excluded.contact_id'),
                subject: eb.ref('excluded.subject'),
                type: eb.ref('excluded.type'),
                priority: eb.ref('excluded.priority'),
                status: eb.ref('excluded.status'),
                csat: eb.ref('excluded.csat'),
                opened_at: eb.ref('excluded.opened_at'),
                closed_at: eb.fn.coalesce('tickets.closed_at', 'excluded.closed_at'),
              }))
              .where('tickets.account_id', '=', accountId),
          )
          .returningAll()
          .executeTakeFirst();
        if (!stored) throw conflict('external_id');
        await audit.record(trx, actor, { action: 'create', entity: 'ticket', entityId: stored.id, after: stored });
        return stored;
      });
      await signals?.accountsChanged([accountId], 'api');
      return toTicketView(row, name, now);
    },

    async update(actor: Actor, accountId: string, ticketId: string, patch: TicketPatch): Promise<TicketView> {
      const now = clock.now();
      const row = await db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('tickets')
          .selectAll()
          .where('id', '=', ticketId)
          .where('account_id', '=', accountId)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw notFound('ticket');
        // Closing stamps the time once (a solved ticket closed later keeps when it was solved); reopening clears it.
        const closedAt =
          patch.status === undefined ? before.closed_at : isClosed(patch.status) ? (before.closed_at ?? now) : null;
        const after = await trx
          .updateTable('tickets')
          .set({
            ...(patch.subject !== undefined && { subject: patch.subject }),
            ...(patch.type !== undefined && { type: patch.type }),
            ...(patch.priority !== undefined && { priority: patch.priority }),
            ...(patch.status !== undefined && { status: patch.status }),
            ...(patch.csat !== undefined && { csat: patch.csat }),
            closed_at: closedAt,
          })
          .where('id', '=', ticketId)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'update', entity: 'ticket', entityId: ticketId, before, after });
        return after;
      });
      await signals?.accountsChanged([accountId], 'api');
      // A contact removed since the ticket came in leaves the ticket without a name, not an error.
      const name = await contactName(accountId, row.contact_id, []).catch(() => null);
      return toTicketView(row, name, now);
    },
  };
}
