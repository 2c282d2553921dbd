import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import { digest, newSecret } from '../../secrets.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';

export const SHARE_TOKEN_PREFIX = 'tsp_';
/** What the signature binds a share token to, so no other signed link (a survey answer's) opens a plan. */
export const SHARE_LINK_PURPOSE = 'success-plan';

/**
 * Signs and checks link tokens under the workspace's link secret (HMAC-SHA256): the messaging service does
 * (`signLinks`/`verifyLink`), handed in by the routes, so this module holds no secret of its own.
 */
export interface LinkSigner {
  signLinks(purpose: string, ids: readonly string[]): Promise<string[]>;
  verifyLink(purpose: string, token: string): Promise<string | undefined>;
}

/**
 * The customer's read-only link to their plan, shown once. The token is signed: `tsp_` + a payload naming
 * the link row and 192 random bits, with an HMAC-SHA256 of it under the workspace's link secret — a token
 * whose signature does not check is refused (404) before any lookup. Only a SHA-256 digest of the whole
 * token is stored (like API and SCIM tokens), so a database copy, even with the secret, cannot rebuild a
 * live link (the random part is nowhere). Revocable: one live link per account; a new one revokes the old,
 * and a revoked link answers 410 Gone.
 */
export function createShareLinks({ db, audit }: { db: Kysely<DB>; audit: Pick<AuditService, 'record'> }) {
  return {
    async activeLink(accountId: string) {
      const row = await db
        .selectFrom('success_plan_links')
        .select(['id', 'created_at'])
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      return row ? { id: row.id, createdAt: row.created_at } : null;
    },

    /** A new link (the token is in this answer only); the account's previous link stops working. */
    async createLink(actor: Actor, accountId: string, signer: LinkSigner) {
      const id = randomUUID();
      const [signed] = await signer.signLinks(SHARE_LINK_PURPOSE, [`${id}.${newSecret(24)}`]);
      const token = `${SHARE_TOKEN_PREFIX}${signed}`;
      return db.transaction().execute(async (trx) => {
        const now = new Date();
        await trx
          .updateTable('success_plan_links')
          .set({ revoked_at: now })
          .where('account_id', '=', accountId)
          .where('revoked_at', 'is', null)
          .execute();
        await trx
          .insertInto('success_plan_links')
          .values({
            id,
            account_id: accountId,
            token_hash: digest(token),
            created_by: userIdOf(actor),
          })
          .execute();
        await audit.record(trx, actor, {
          action: 'create',
          entity: 'success_plan_link',
          entityId: id,
          after: { accountId },
        });
        return { id, token };
      });
    },

    async revokeLink(actor: Actor, accountId: string) {
      await db.transaction().execute(async (trx) => {
        const rows = await trx
          .updateTable('success_plan_links')
          .set({ revoked_at: new Date() })
          .where('account_id', '=', accountId)
          .where('revoked_at', 'is', null)
          .returning('id')
          .execute();
        if (!rows.length) throw notFound('successPlanLink');
        for (const { id } of rows)
          await audit.record(trx, actor, {
            action: 'delete',
            entity: 'success_plan_link',
            entityId: id,
            before: { accountId },
          });
      });
      return { ok: true as const };
    },

    /**
     * The account a live token opens; 'revoked' for a link that was revoked; undefined for an unknown one,
     * an altered one (its signature fails) or a signed link made for something else.
     */
    async accountOf(token: string, signer: LinkSigner): Promise<string | 'revoked' | undefined> {
      if (!token.startsWith(SHARE_TOKEN_PREFIX) || token.length > 400) return undefined;
      const payload = await signer.verifyLink(SHARE_LINK_PURPOSE, token.slice(SHARE_TOKEN_PREFIX.length));
      const id = payload?.split('.')[0];
      if (!id || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
      const row = await db
        .selectFrom('success_plan_links')
        .select(['account_id', 'revoked_at'])
        .where('id', '=', id)
        .where('token_hash', '=', digest(token))
        .executeTakeFirst();
      return row ? (row.revoked_at ? 'revoked' : row.account_id) : undefined;
    },
  };
}
