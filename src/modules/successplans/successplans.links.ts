import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import { digest, newSecret } from '../../secrets.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';

export const SHARE_TOKEN_PREFIX = 'tsp_';

/**
 * The customer's read-only link to their plan: a 256-bit random secret, shown once and stored only as a
 * SHA-256 digest (like API and SCIM tokens), so a link cannot be forged or altered into another one: any
 * changed character finds no row. One live link per account; a new one revokes the old, and revoking
 * makes the page answer 410 Gone (an unknown or altered token: 404).
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
    async createLink(actor: Actor, accountId: string) {
      const token = `${SHARE_TOKEN_PREFIX}${newSecret(32)}`;
      return db.transaction().execute(async (trx) => {
        const now = new Date();
        await trx
          .updateTable('success_plan_links')
          .set({ revoked_at: now })
          .where('account_id', '=', accountId)
          .where('revoked_at', 'is', null)
          .execute();
        const { id } = await trx
          .insertInto('success_plan_links')
          .values({
            account_id: accountId,
            token_hash: digest(token),
            created_by: actor.type === 'user' ? actor.id : null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
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

    /** The account a live token opens; 'revoked' for a link that was revoked; undefined for an unknown or altered one. */
    async accountOf(token: string): Promise<string | 'revoked' | undefined> {
      if (!token.startsWith(SHARE_TOKEN_PREFIX) || token.length > 100) return undefined;
      const row = await db
        .selectFrom('success_plan_links')
        .select(['account_id', 'revoked_at'])
        .where('token_hash', '=', digest(token))
        .executeTakeFirst();
      return row ? (row.revoked_at ? 'revoked' : row.account_id) : undefined;
    },
  };
}
