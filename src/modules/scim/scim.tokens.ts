/**
 * SCIM bearer tokens (docs/scim.md): created, rotated and revoked by an admin in Settings, stored as a
 * digest and shown once; `authenticate` is how every /scim/v2 request finds its token.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import { digest, newSecret } from '../../secrets.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ScimRepository } from './scim.repository.js';

export const SCIM_TOKEN_PREFIX = 'tscim_';

export interface ScimIdentity {
  id: string;
  name: string;
}

/** A new secret, what is stored of it, and the prefix shown to tell tokens apart. */
function newToken() {
  const token = `${SCIM_TOKEN_PREFIX}${newSecret(32)}`;
  return { token, token_hash: digest(token), prefix: token.slice(0, SCIM_TOKEN_PREFIX.length + 6) };
}

export function createScimTokens({
  db,
  clock,
  audit,
  repo,
}: {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  repo: ScimRepository;
}) {
  return {
    /** The token's identity, or undefined for an unknown or revoked one. */
    async authenticate(bearer: string): Promise<ScimIdentity | undefined> {
      if (!bearer.startsWith(SCIM_TOKEN_PREFIX)) return undefined;
      const row = await repo.tokenByHash(digest(bearer));
      if (!row || row.revoked_at) return undefined;
      const now = clock.now();
      // Last use to the minute is enough, and spares a write on every request.
      if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) await repo.touchToken(row.id, now);
      return { id: row.id, name: row.name };
    },

    /** A token for the identity provider; the secret is in this answer only and stored as a digest. */
    async createToken(actor: Actor, input: { name: string }) {
      const { token, token_hash, prefix } = newToken();
      return db.transaction().execute(async (trx) => {
        const row = await repo.insertToken(trx, {
          name: input.name.trim(),
          token_hash,
          prefix,
          created_by: userIdOf(actor),
        });
        await audit.record(trx, actor, { action: 'create', entity: 'scim_token', entityId: row.id, after: row });
        return { ...row, token };
      });
    },

    /** A new secret for the same token: the old one stops working at once. */
    async rotateToken(actor: Actor, id: string) {
      const { token, token_hash, prefix } = newToken();
      return db.transaction().execute(async (trx) => {
        const before = await repo.tokenById(trx, id);
        if (!before || before.revoked_at) throw notFound('scimToken');
        const row = await repo.updateToken(trx, id, { token_hash, prefix, rotated_at: clock.now() });
        await audit.record(trx, actor, { action: 'rotate', entity: 'scim_token', entityId: id, before, after: row });
        return { ...row, token };
      });
    },

    async revokeToken(actor: Actor, id: string) {
      await db.transaction().execute(async (trx) => {
        const before = await repo.tokenById(trx, id);
        if (!before) throw notFound('scimToken');
        const row = await repo.updateToken(trx, id, { revoked_at: before.revoked_at ?? clock.now() });
        await audit.record(trx, actor, { action: 'revoke', entity: 'scim_token', entityId: id, before, after: row });
      });
    },
  };
}
