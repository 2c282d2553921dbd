import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { digest, newSecret } from '../../secrets.js';

/** Write keys are ingest-only: they authenticate /v1/* and nothing else (API tokens start with tnr_). */
export const WRITE_KEY_PREFIX = 'twk_';
/**
 * Checking a key on every batch would cost a query each; a key is remembered this long. This
 * process forgets a revoked key at once; other API processes within this many milliseconds.
 */
const CACHE_MS = 10_000;

export interface WriteKeyIdentity {
  id: string;
  name: string;
}

const COLUMNS = ['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'] as const;

export function createWriteKeyService({
  db,
  clock,
  audit,
}: {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
}) {
  const cache = new Map<string, { identity: WriteKeyIdentity | undefined; until: number; lastUsed: number }>();

  return {
    list() {
      return db.selectFrom('write_keys').select(COLUMNS).orderBy('created_at', 'desc').execute();
    },

    /** Creates a write key; the key is returned this once and stored only as a digest. */
    async create(actor: Actor, input: { name: string }) {
      const key = `${WRITE_KEY_PREFIX}${newSecret(24)}`;
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('write_keys')
          .values({
            name: input.name.trim(),
            key_hash: digest(key),
            prefix: key.slice(0, WRITE_KEY_PREFIX.length + 6),
            created_by: userIdOf(actor),
          })
          .returning(COLUMNS)
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'create', entity: 'write_key', entityId: row.id, after: row });
        return { ...row, key };
      });
    },

    async revoke(actor: Actor, id: string) {
      const after = await db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('write_keys').select(COLUMNS).where('id', '=', id).executeTakeFirst();
        if (!before) throw notFound('writeKey');
        const row = await trx
          .updateTable('write_keys')
          .set({ revoked_at: before.revoked_at ?? clock.now() })
          .where('id', '=', id)
          .returning(COLUMNS)
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'revoke', entity: 'write_key', entityId: id, before, after: row });
        return row;
      });
      for (const [hash, entry] of cache) if (entry.identity?.id === id) cache.delete(hash);
      return after;
    },

    /** The key's identity, or undefined for an unknown or revoked key. */
    async authenticate(key: string): Promise<WriteKeyIdentity | undefined> {
      if (!key.startsWith(WRITE_KEY_PREFIX)) return undefined;
      const hash = digest(key);
      const now = Date.now();
      let entry = cache.get(hash);
      if (!entry || entry.until < now) {
        const row = await db
          .selectFrom('write_keys')
          .select(['id', 'name', 'revoked_at', 'last_used_at'])
          .where('key_hash', '=', hash)
          .executeTakeFirst();
        entry = {
          identity: row && !row.revoked_at ? { id: row.id, name: row.name } : undefined,
          until: now + CACHE_MS,
          lastUsed: row?.last_used_at?.getTime() ?? 0,
        };
        if (cache.size > 1000) cache.clear();
        cache.set(hash, entry);
      }
      // Last use to the minute is enough, and spares a write on every batch.
      if (entry.identity && now - entry.lastUsed > 60_000) {
        entry.lastUsed = now;
        await db
          .updateTable('write_keys')
          .set({ last_used_at: clock.now() })
          .where('id', '=', entry.identity.id)
          .execute();
      }
      return entry.identity;
    },
  };
}

export type WriteKeyService = ReturnType<typeof createWriteKeyService>;
