import { type Kysely, sql, type Transaction } from 'kysely';
import type { Clock } from '../../clock.js';
import type { Contact, ContactsTable, DB } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import type { ContactInput, ContactPatch, ContactView } from '../../shared/contacts.js';
import type { Actor } from '../audit/actor.js';
import { type AuditService, updateEntries } from '../audit/audit.service.js';
import type { TimelineService } from '../timeline/timeline.service.js';
import * as bulk from './contacts.bulk.js';
import type { ContactUpsert } from './contacts.types.js';

const toView = (c: Contact): ContactView => ({
  id: c.id,
  accountId: c.account_id,
  externalId: c.external_id,
  name: c.name,
  email: c.email,
  phone: c.phone,
  title: c.title,
  role: c.role,
  isPrimary: c.is_primary,
  lastSeenAt: c.last_seen_at,
  createdAt: c.created_at,
});

const COLUMNS: Record<keyof ContactInput, keyof ContactsTable> = {
  externalId: 'external_id',
  name: 'name',
  email: 'email',
  phone: 'phone',
  title: 'title',
  role: 'role',
  isPrimary: 'is_primary',
};

function toColumns(input: ContactPatch) {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(COLUMNS)) {
    const value = input[key as keyof ContactPatch];
    if (value !== undefined) row[column] = value;
  }
  return row;
}

export function createContactService({
  db,
  clock,
  audit,
  timeline,
}: {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record' | 'recordMany'>;
  timeline: Pick<TimelineService, 'record'>;
}) {
  /** One primary contact per account: making one primary demotes the others. */
  async function demoteOthers(trx: Transaction<DB>, accountId: string, keepId: string) {
    await trx
      .updateTable('contacts')
      .set({ is_primary: false })
      .where('account_id', '=', accountId)
      .where('id', '<>', keepId)
      .where('is_primary', '=', true)
      .execute();
  }

  async function findRow(trx: Kysely<DB> | Transaction<DB>, accountId: string, id: string) {
    const row = await trx
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw notFound('contact');
    return row;
  }

  return {
    async list(accountId: string) {
      const rows = await db
        .selectFrom('contacts')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('deleted_at', 'is', null)
        .orderBy('is_primary', 'desc')
        .orderBy('name')
        .execute();
      return rows.map(toView);
    },

    async get(accountId: string, id: string) {
      return toView(await findRow(db, accountId, id));
    },

    /** `at` back-dates the creation (imports, the demo); by default it is the clock's now. */
    async create(
      actor: Actor,
      accountId: string,
      input: ContactInput,
      outer?: Transaction<DB>,
      at: Date | string = clock.now(),
    ) {
      const run = async (trx: Transaction<DB>) => {
        const row = await trx
          .insertInto('contacts')
          .values({ ...(toColumns(input) as { name: string }), account_id: accountId, created_at: at, updated_at: at })
          .returningAll()
          .executeTakeFirstOrThrow();
        if (row.is_primary) await demoteOthers(trx, accountId, row.id);
        await audit.record(trx, actor, { action: 'create', entity: 'contact', entityId: row.id, after: row });
        await timeline.record(trx, actor, accountId, {
          type: 'system',
          contactId: row.id,
          occurredAt: at,
          data: { key: 'timeline.contactAdded', params: { name: row.name } },
        });
        return toView(row);
      };
      return outer ? run(outer) : db.transaction().execute(run);
    },

    async update(actor: Actor, accountId: string, id: string, patch: ContactPatch) {
      return db.transaction().execute(async (trx) => {
        const before = await findRow(trx, accountId, id);
        const after = await trx
          .updateTable('contacts')
          .set({ ...toColumns(patch), updated_at: clock.now() })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        if (after.is_primary && !before.is_primary) await demoteOthers(trx, accountId, id);
        await audit.record(trx, actor, { action: 'update', entity: 'contact', entityId: id, before, after });
        return toView(after);
      });
    },

    /**
     * Sets one field on many live contacts in two statements (a journey's update-field step); contacts
     * already holding the value are left alone. Returns how many changed.
     */
    async setField(actor: Actor, ids: readonly string[], field: 'title' | 'phone' | 'role', value: string | null) {
      if (!ids.length) return 0;
      return db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('contacts')
          .selectAll()
          .where('id', 'in', [...ids])
          .where('deleted_at', 'is', null)
          .where(sql<boolean>`${sql.ref(field)} is distinct from ${value}`)
          .forUpdate()
          .execute();
        if (!before.length) return 0;
        const after = await trx
          .updateTable('contacts')
          .set({ [field]: value, updated_at: clock.now() })
          .where(
            'id',
            'in',
            before.map((b) => b.id),
          )
          .returningAll()
          .execute();
        await audit.recordMany(trx, actor, updateEntries('contact', before, after));
        return after.length;
      });
    },

    /** Bulk upsert within each account by external id or email (imports): set-based, unchanged contacts left alone. */
    upsertMany: (actor: Actor, rows: readonly ContactUpsert[], trx: Transaction<DB>) =>
      bulk.upsertMany(trx, audit, actor, rows, clock.now()),

    /**
     * Connectors: soft-deletes the live contacts with these external ids (removed in the source system),
     * in one statement; says how many and the accounts they belonged to.
     */
    async removeByExternalIds(
      actor: Actor,
      externalIds: readonly string[],
      trx: Transaction<DB>,
    ): Promise<{ removed: number; accountIds: string[] }> {
      if (!externalIds.length) return { removed: 0, accountIds: [] };
      const removed = await trx
        .updateTable('contacts')
        .set({ deleted_at: clock.now(), is_primary: false })
        .where('external_id', 'in', [...externalIds])
        .where('deleted_at', 'is', null)
        .returningAll()
        .execute();
      await audit.recordMany(
        trx,
        actor,
        removed.map((row) => ({ action: 'delete', entity: 'contact', entityId: row.id, before: row })),
      );
      return { removed: removed.length, accountIds: [...new Set(removed.map((r) => r.account_id))] };
    },

    /** Bulk: contact ids by `${accountId}|${lower-case email}`. */
    idsByEmails: (pairs: readonly { accountId: string; email: string }[], trx: Transaction<DB>) =>
      bulk.idsByEmails(trx, pairs),

    async remove(actor: Actor, accountId: string, id: string) {
      await db.transaction().execute(async (trx) => {
        const before = await findRow(trx, accountId, id);
        await trx
          .updateTable('contacts')
          .set({ deleted_at: clock.now(), is_primary: false })
          .where('id', '=', id)
          .execute();
        await audit.record(trx, actor, { action: 'delete', entity: 'contact', entityId: id, before });
        await timeline.record(trx, actor, accountId, {
          type: 'system',
          data: { key: 'timeline.contactRemoved', params: { name: before.name } },
        });
      });
    },
  };
}

export type ContactService = ReturnType<typeof createContactService>;
