import { type Kysely, sql, type Transaction } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB, TicketsTable } from '../../db/types.js';
import type { SignalService } from '../../jobs/signals.js';
import type { TicketInput as NewTicket, TicketListQuery, TicketPatch } from '../../shared/tickets.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { createTicketWrites } from './tickets.writes.js';
import { listTickets } from './tickets.list.js';

type Db = Kysely<DB> | Transaction<DB>;

/** A written ticket's columns, for the import's and the connectors' bulk upserts alike. */
const ticketRow = (t: TicketInput) => ({
  account_id: t.accountId,
  external_id: t.externalId ?? null,
  contact_id: t.contactId ?? null,
  subject: t.subject,
  priority: t.priority ?? 'normal',
  status: t.status ?? 'open',
  opened_at: t.openedAt,
  closed_at: t.closedAt ?? null,
  type: t.type ?? null,
  csat: t.csat ?? null,
});

export interface TicketInput {
  accountId: string;
  /** The support system's id; re-sending a ticket with the same id updates it. */
  externalId?: string | null;
  contactId?: string | null;
  subject: string;
  priority?: TicketsTable['priority'];
  status?: TicketsTable['status'];
  openedAt: Date | string;
  closedAt?: Date | string | null;
  type?: TicketsTable['type'];
  /** The customer's rating of the answer, 1–5. */
  csat?: number | null;
}

/** 10 parameters a row. */
const CHUNK = 2000;

/**
 * The contacts a record may name, as the contacts service answers (wired in services.ts); described
 * here rather than imported so this module does not depend on contacts, which depends on the timeline
 * that reads this module's read model.
 */
export interface ContactLookup {
  get(accountId: string, id: string): Promise<{ name: string }>;
  list(accountId: string): Promise<{ id: string; name: string }[]>;
}

export interface TicketDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  /** Names the contact a ticket is from, and checks it belongs to the account. */
  contacts: ContactLookup;
  /** Health and the CTA rules react to a ticket written through the API as they do to an import. */
  signals?: Pick<SignalService, 'accountsChanged'>;
}

export function createTicketService(deps: TicketDeps) {
  const { db, audit } = deps;
  const writes = createTicketWrites(deps);
  return {
    /** One account's tickets, a page at a time, filtered and sorted (the Support tab). */
    list: (accountId: string, query: TicketListQuery) => listTickets(deps, accountId, query),

    /** A ticket entered by hand or sent by a support tool; an external id already stored on the account updates it. */
    create: (actor: Actor, accountId: string, input: NewTicket) => writes.create(actor, accountId, input),

    /** Status, priority, type, subject, CSAT; a closing status stamps the closing time, reopening clears it. */
    update: (actor: Actor, accountId: string, ticketId: string, patch: TicketPatch) =>
      writes.update(actor, accountId, ticketId, patch),

    /**
     * Writes support tickets in set-based chunks, upserting by external id so a repeated import
     * updates status, closing time, type and CSAT instead of duplicating. One audit entry per call
     * summarises the batch. Returns the number of rows inserted or updated.
     */
    async bulkInsert(actor: Actor, rows: readonly TicketInput[], trx?: Db): Promise<number> {
      const target = trx ?? db;
      let written = 0;
      for (let i = 0; i < rows.length; i += CHUNK) {
        const result = await target
          .insertInto('tickets')
          .values(rows.slice(i, i + CHUNK).map(ticketRow))
          .onConflict((oc) =>
            oc.column('external_id').doUpdateSet((eb) => ({
              contact_id: eb.ref('excluded.contact_id'),
              subject: eb.ref('excluded.subject'),
              priority: eb.ref('excluded.priority'),
              status: eb.ref('excluded.status'),
              opened_at: eb.ref('excluded.opened_at'),
              closed_at: eb.ref('excluded.closed_at'),
              // A file without these columns keeps what the ticket has (a rating given through the API).
              type: eb.fn.coalesce('excluded.type', 'tickets.type'),
              csat: eb.fn.coalesce('excluded.csat', 'tickets.csat'),
            })),
          )
          .executeTakeFirst();
        written += Number(result.numInsertedOrUpdatedRows ?? 0);
      }
      if (rows.length)
        await audit.record(target, actor, {
          action: 'bulk_upsert',
          entity: 'ticket',
          entityId: null,
          after: { rows: rows.length, written },
        });
      return written;
    },

    /**
     * A support desk's tickets, as a connector reads them (docs/connectors.md): upserts by external id
     * and says what changed. A row equal to the stored one is not written, so a repeated sync changes
     * nothing; the desk is the source of truth, so type, CSAT and the account follow it. One audit
     * entry per call that changed something.
     */
    async sync(
      actor: Actor,
      rows: readonly TicketInput[],
      trx?: Db,
    ): Promise<{ inserted: number; updated: number; accountIds: string[] }> {
      const target = trx ?? db;
      let inserted = 0;
      let updated = 0;
      const accountIds = new Set<string>();
      for (let i = 0; i < rows.length; i += CHUNK) {
        const result = await target
          .insertInto('tickets')
          .values(rows.slice(i, i + CHUNK).map(ticketRow))
          .onConflict((oc) =>
            oc
              .column('external_id')
              .doUpdateSet((eb) => ({
                account_id: eb.ref('excluded.account_id'),
                subject: eb.ref('excluded.subject'),
                priority: eb.ref('excluded.priority'),
                status: eb.ref('excluded.status'),
                opened_at: eb.ref('excluded.opened_at'),
                closed_at: eb.ref('excluded.closed_at'),
                type: eb.ref('excluded.type'),
                csat: eb.ref('excluded.csat'),
              }))
              .where(
                sql<boolean>`(tickets.account_id, tickets.subject, tickets.priority, tickets.status, tickets.opened_at, tickets.closed_at, tickets.type, tickets.csat)
                  is distinct from (excluded.account_id, excluded.subject, excluded.priority, excluded.status, excluded.opened_at, excluded.closed_at, excluded.type, excluded.csat)`,
              ),
          )
          // xmax is 0 on a freshly inserted row version and set on one an update wrote.
          .returning(['account_id', sql<boolean>`xmax = 0`.as('inserted')])
          .execute();
        for (const row of result) {
          if (row.inserted) inserted++;
          else updated++;
          accountIds.add(row.account_id);
        }
      }
      if (inserted + updated)
        await audit.record(target, actor, {
          action: 'sync',
          entity: 'ticket',
          entityId: null,
          after: { rows: rows.length, inserted, updated },
        });
      return { inserted, updated, accountIds: [...accountIds] };
    },

    /** Removes tickets the support desk deleted; returns the accounts they were on (to signal). */
    async removeByExternalIds(actor: Actor, externalIds: readonly string[], trx?: Db): Promise<string[]> {
      if (!externalIds.length) return [];
      const target = trx ?? db;
      const removed = await target
        .deleteFrom('tickets')
        .where('external_id', 'in', [...externalIds])
        .returning(['id', 'account_id', 'external_id'])
        .execute();
      if (removed.length)
        await audit.record(target, actor, {
          action: 'delete',
          entity: 'ticket',
          entityId: null,
          after: { externalIds: removed.map((r) => r.external_id) },
        });
      return removed.map((r) => r.account_id);
    },
  };
}

export type TicketService = ReturnType<typeof createTicketService>;
