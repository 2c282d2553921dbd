import type { Kysely, Transaction } from 'kysely';
import type { DB, TicketsTable } from '../../db/types.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';

type Db = Kysely<DB> | Transaction<DB>;

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
}

/** 8 parameters a row. */
const CHUNK = 2000;

export function createTicketService({ db, audit }: { db: Kysely<DB>; audit: Pick<AuditService, 'record'> }) {
  return {
    /**
     * Writes support tickets in set-based chunks, upserting by external id so a repeated import
     * updates status and closing time instead of duplicating. One audit entry per call
     * summarises the batch. Returns the number of rows inserted or updated.
     */
    async bulkInsert(actor: Actor, rows: readonly TicketInput[], trx?: Db): Promise<number> {
      const target = trx ?? db;
      let written = 0;
      for (let i = 0; i < rows.length; i += CHUNK) {
        const result = await target
          .insertInto('tickets')
          .values(
            rows.slice(i, i + CHUNK).map((t) => ({
              account_id: t.accountId,
              external_id: t.externalId ?? null,
              contact_id: t.contactId ?? null,
              subject: t.subject,
              priority: t.priority ?? 'normal',
              status: t.status ?? 'open',
              opened_at: t.openedAt,
              closed_at: t.closedAt ?? null,
            })),
          )
          .onConflict((oc) =>
            oc.column('external_id').doUpdateSet((eb) => ({
              contact_id: eb.ref('excluded.contact_id'),
              subject: eb.ref('excluded.subject'),
              priority: eb.ref('excluded.priority'),
              status: eb.ref('excluded.status'),
              opened_at: eb.ref('excluded.opened_at'),
              closed_at: eb.ref('excluded.closed_at'),
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
  };
}

export type TicketService = ReturnType<typeof createTicketService>;
