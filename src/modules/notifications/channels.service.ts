import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { ChannelKind, DB } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import type { ChannelInput, ChannelView } from '../../shared/notifications.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { ChatError, type ChatMessage, chatRequest, postChat } from '../../net/chat.js';

export type { ChannelInput, ChannelView };

/** A claim older than this is a crash between claim and post: taken again. */
const LEASE_MINUTES = 5;

type ChannelRow = {
  id: string;
  kind: ChannelKind;
  name: string;
  url: string;
  secret: string | null;
  events: string[];
  enabled: boolean;
  created_at: Date;
};
const toView = (r: ChannelRow): ChannelView => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  url: r.url,
  hasSecret: !!r.secret,
  events: r.events,
  enabled: r.enabled,
  createdAt: r.created_at,
});
// The audit log records that a secret changed, never its value.
const auditable = (r: Partial<ChannelRow> | undefined) => (r ? { ...r, secret: r.secret ? '[redacted]' : null } : null);

/** Chat robots (WeCom, DingTalk, Feishu, Slack) subscribed to notification events. */
export function createChannelService({
  db,
  clock,
  audit,
  allowPrivate = false,
}: {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  allowPrivate?: boolean;
}) {
  async function row(id: string) {
    const found = await db.selectFrom('notification_channels').selectAll().where('id', '=', id).executeTakeFirst();
    if (!found) throw notFound('channel');
    return found as ChannelRow;
  }

  return {
    async list(): Promise<ChannelView[]> {
      return (
        (await db.selectFrom('notification_channels').selectAll().orderBy('created_at').execute()) as ChannelRow[]
      ).map(toView);
    },

    async create(actor: Actor, input: ChannelInput): Promise<ChannelView> {
      return db.transaction().execute(async (trx) => {
        const created = (await trx
          .insertInto('notification_channels')
          .values({
            kind: input.kind,
            name: input.name,
            url: input.url,
            secret: input.secret ?? null,
            events: input.events,
            enabled: input.enabled,
          })
          .returningAll()
          .executeTakeFirstOrThrow()) as ChannelRow;
        await audit.record(trx, actor, {
          action: 'create',
          entity: 'notification_channel',
          entityId: created.id,
          after: auditable(created),
        });
        return toView(created);
      });
    },

    async update(actor: Actor, id: string, input: ChannelInput): Promise<ChannelView> {
      const before = await row(id);
      return db.transaction().execute(async (trx) => {
        const updated = (await trx
          .updateTable('notification_channels')
          .set({
            kind: input.kind,
            name: input.name,
            url: input.url,
            events: input.events,
            enabled: input.enabled,
            updated_at: clock.now(),
            ...(input.secret !== undefined ? { secret: input.secret } : {}),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow()) as ChannelRow;
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'notification_channel',
          entityId: id,
          before: auditable(before),
          after: auditable(updated),
        });
        return toView(updated);
      });
    },

    async remove(actor: Actor, id: string): Promise<void> {
      const before = await row(id);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('notification_channels').where('id', '=', id).execute();
        await audit.record(trx, actor, {
          action: 'delete',
          entity: 'notification_channel',
          entityId: id,
          before: auditable(before),
        });
      });
    },

    /** Enabled channels subscribed to an event. */
    async subscribed(event: string): Promise<string[]> {
      const rows = await sql<{
        id: string;
      }>`select id from notification_channels where enabled and ${event} = any(events) order by created_at`.execute(db);
      return rows.rows.map((r) => r.id);
    },

    /**
     * Posts once per (channel, idempotency key): the key is claimed first, so a retried job after
     * a successful post does nothing; a failed post releases the claim and throws for the retry.
     */
    async deliver(channelId: string, idempotencyKey: string, message: ChatMessage): Promise<'sent' | 'already_sent'> {
      const channel = await row(channelId);
      const now = clock.now();
      const claimed = await sql`
        insert into notification_deliveries (channel_id, idempotency_key, status, claimed_at) values (${channelId}, ${idempotencyKey}, 'claimed', ${now})
        on conflict (channel_id, idempotency_key) do update set status = 'claimed', attempts = notification_deliveries.attempts + 1, claimed_at = excluded.claimed_at, error = null
        where notification_deliveries.status = 'failed'
          or (notification_deliveries.status = 'claimed' and notification_deliveries.claimed_at < excluded.claimed_at - make_interval(mins => ${LEASE_MINUTES}))
        returning channel_id`.execute(db);
      if (!claimed.rows.length) return 'already_sent';
      const done = (set: { status: 'sent' | 'failed'; error?: string; sent_at?: Date }) =>
        db
          .updateTable('notification_deliveries')
          .set(set)
          .where('channel_id', '=', channelId)
          .where('idempotency_key', '=', idempotencyKey)
          .execute();
      try {
        await postChat(chatRequest(channel.kind, channel.url, channel.secret, message, Date.now()), { allowPrivate });
      } catch (error) {
        await done({ status: 'failed', error: error instanceof Error ? error.message.slice(0, 500) : String(error) });
        throw error;
      }
      await done({ status: 'sent', sent_at: clock.now() });
      return 'sent';
    },

    /**
     * "Send test message": posts now, without the queue, and says whether it worked — the HTTP status
     * or the robot's error code as a catalog message, never the text the address answered.
     */
    async test(
      channelId: string,
      message: ChatMessage,
    ): Promise<{ ok: boolean; error: { key: string; params: Record<string, string | number> } | null }> {
      const channel = await row(channelId);
      try {
        await postChat(chatRequest(channel.kind, channel.url, channel.secret, message, Date.now()), { allowPrivate });
        return { ok: true, error: null };
      } catch (error) {
        return {
          ok: false,
          error:
            error instanceof ChatError
              ? { key: error.key, params: error.params }
              : { key: 'notifications.errors.unreachable', params: {} },
        };
      }
    },
  };
}

export type ChannelService = ReturnType<typeof createChannelService>;
