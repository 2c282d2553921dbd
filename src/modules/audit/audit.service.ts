import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { AuditQuery } from '../../shared/audit.js';
import type { Actor } from './actor.js';
import { pageLimit, pageOffset } from '../../db/page-window.js';

export interface AuditEntry {
  action: 'create' | 'update' | 'delete' | string;
  entity: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** The update entries of a bulk change: each changed row with the row it was before (matched by id). */
export function updateEntries<R extends { id: string }>(
  entity: string,
  before: readonly R[],
  after: readonly R[],
): AuditEntry[] {
  const previous = new Map(before.map((row) => [row.id, row]));
  return after.map((row) => ({ action: 'update', entity, entityId: row.id, before: previous.get(row.id), after: row }));
}

export type { AuditQuery };

/** Secrets never reach the audit log. */
function redact(row: unknown): unknown {
  if (!row || typeof row !== 'object') return row ?? null;
  const { password_hash: _p, token_hash: _t, ...rest } = row as Record<string, unknown>;
  return rest;
}

export function createAuditService({ db }: { db: Kysely<DB> }) {
  /** Bulk changes (imports) audit in one statement. */
  async function recordMany(trx: Transaction<DB> | Kysely<DB>, actor: Actor, entries: AuditEntry[]) {
    if (!entries.length) return;
    await trx
      .insertInto('audit_log')
      .values(
        entries.map((entry) => ({
          actor_type: actor.type,
          actor_id: actor.id,
          actor_name: actor.name,
          action: entry.action,
          entity: entry.entity,
          entity_id: entry.entityId,
          before: JSON.stringify(redact(entry.before)),
          after: JSON.stringify(redact(entry.after)),
        })),
      )
      .execute();
  }

  /** Written inside the caller's transaction, so a change and its audit row land together. */
  const record = (trx: Transaction<DB> | Kysely<DB>, actor: Actor, entry: AuditEntry) =>
    recordMany(trx, actor, [entry]);

  return {
    record,
    recordMany,

    async list(query: AuditQuery) {
      let q = db.selectFrom('audit_log');
      if (query.entity) q = q.where('entity', '=', query.entity);
      if (query.entityId) q = q.where('entity_id', '=', query.entityId);
      const [items, total] = await Promise.all([
        q.selectAll().orderBy('id', 'desc').limit(pageLimit(query)).offset(pageOffset(query)).execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
