import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../../clock.js';
import type { AccountChatGroupsTable, DB } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { liveAccounts } from '../accounts/accounts.read.js';

type Row = Selectable<AccountChatGroupsTable>;

/** The webhook without its key: a robot's URL is its password (WeCom puts the key in the query). */
const masked = (url: string) => {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname.replace(/[^/]{9,}$/, (tail) => `${tail.slice(0, 4)}…`)}${u.search ? '?…' : ''}`;
};
const view = (r: Row | undefined) =>
  r
    ? {
        provider: r.provider,
        name: r.name,
        webhookUrl: masked(r.webhook_url),
        secretSet: Boolean(r.secret),
        updatedAt: new Date(r.updated_at),
      }
    : null;

/**
 * A customer's own chat group (docs/messaging.md, "Chat groups"): the custom robot of the WeCom, DingTalk or
 * Feishu group the customer and the CS team share, set per account. `chat` templates go there; the URL and
 * secret are never returned (the URL is shown masked).
 */
export function createChatGroups({
  db,
  clock,
  audit,
}: {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
}) {
  const row = (accountId: string) =>
    db.selectFrom('account_chat_groups').selectAll().where('account_id', '=', accountId).executeTakeFirst();
  async function requireAccount(accountId: string) {
    const found = await db
      .selectFrom(liveAccounts(db).as('a'))
      .select('a.id')
      .where('a.id', '=', accountId)
      .executeTakeFirst();
    if (!found) throw notFound('account');
  }
  return {
    async get(accountId: string) {
      await requireAccount(accountId);
      return { group: view(await row(accountId)) };
    },
    async set(
      actor: Actor,
      accountId: string,
      input: { provider: Row['provider']; name: string; webhookUrl: string; secret?: string | null },
    ) {
      await requireAccount(accountId);
      const before = await row(accountId);
      const secret = input.secret === undefined ? (before?.secret ?? null) : input.secret || null;
      const values = {
        provider: input.provider,
        name: input.name,
        webhook_url: input.webhookUrl,
        secret,
        updated_by: userIdOf(actor),
        updated_at: clock.now(),
      };
      const after = await db.transaction().execute(async (trx) => {
        const made = await trx
          .insertInto('account_chat_groups')
          .values({ account_id: accountId, ...values })
          .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
          .returningAll()
          .executeTakeFirstOrThrow();
        // Never the URL or the secret in the audit log: they are the robot's credentials.
        await audit.record(trx, actor, {
          action: before ? 'update' : 'create',
          entity: 'account_chat_group',
          entityId: accountId,
          after: { provider: made.provider, name: made.name },
        });
        return made;
      });
      return { group: view(after) };
    },
    async remove(actor: Actor, accountId: string) {
      await requireAccount(accountId);
      await db.transaction().execute(async (trx) => {
        const gone = await trx
          .deleteFrom('account_chat_groups')
          .where('account_id', '=', accountId)
          .returning(['provider', 'name'])
          .executeTakeFirst();
        if (gone)
          await audit.record(trx, actor, {
            action: 'delete',
            entity: 'account_chat_group',
            entityId: accountId,
            before: gone,
          });
      });
      return { group: null };
    },
  };
}
