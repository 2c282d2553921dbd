import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { newSecret } from '../../secrets.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import { contactRows } from '../contacts/contacts.read.js';
import { profileAccountIds, profileEmails } from '../tracking/tracking.read.js';
import { messagingSettings } from './messaging.settings.js';
import { escapeHtml } from './templates.js';

/** An in-app message older than this is no longer shown: its moment has passed. */
export const IN_APP_DAYS = 30;
/** At most this many messages go to the snippet at once (it shows them one after another). */
const PENDING_LIMIT = 5;

export type InAppEventType = 'view' | 'click' | 'dismiss';

/** hex HMAC-SHA256(secret, userId): what the customer's server computes as `userHash` (docs/inapp.md). */
export const userHashOf = (secret: string, userId: string) =>
  createHmac('sha256', secret).update(userId, 'utf8').digest('hex');

function sameHash(secret: string, userId: string, given: string) {
  const expected = Buffer.from(userHashOf(secret, userId), 'utf8');
  const presented = Buffer.from(given.toLowerCase(), 'utf8');
  return expected.length === presented.length && timingSafeEqual(expected, presented);
}

/**
 * The in-app channel's reading side (docs/inapp.md): who an identified user of the customer's product is,
 * their pending in-app messages, and what they did with them. Sending is messaging's sendMany like any
 * channel (send.ts stores the rendered message as the send's payload, `queued` until shown).
 */
export function createInApp({
  db,
  clock,
  audit,
  recordEvent,
}: {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  recordEvent: (sendId: string, type: 'view' | 'click', url: string | null, once: boolean) => Promise<void>;
}) {
  /**
   * The live contacts a signed user id stands for, or undefined when the signature is missing or wrong.
   * Tracking's mapping first (a contact whose external id is the user id, in the accounts tracking links
   * the user to, else anywhere), then by email: the tracked user's email trait, or the user id when it is an
   * address. The `email` a page passes is not signed, so it never decides who someone is.
   */
  async function contactsOf(identity: { userId: string; userHash?: string }): Promise<string[] | undefined> {
    const secret = (await messagingSettings(db)).inapp_secret;
    if (!secret || !identity.userHash || !sameHash(secret, identity.userId, identity.userHash)) return undefined;
    const userId = identity.userId;
    const { rows } = await sql<{ id: string }>`
      select id from (
        select c.id, rank() over (order by case
          when c.external_id = ${userId} and c.account_id in (${profileAccountIds(db, userId)}) then 1
          when c.external_id = ${userId} then 2
          else 3 end) as r
        from ${contactRows(db)} c join ${liveAccounts(db)} a on a.id = c.account_id
        where c.deleted_at is null and (c.external_id = ${userId} or lower(c.email) = lower(${userId})
          or lower(c.email) in (${profileEmails(db, userId)}))
      ) m where m.r = 1`.execute(db);
    return rows.map((r) => r.id);
  }

  return {
    contactsOf,

    /**
     * The contacts' in-app messages still to show, oldest first, in one statement: queued or shown, neither
     * dismissed nor clicked, at most IN_APP_DAYS old. Marketing ones are held back from a contact who opted
     * out of marketing since the send (the same switch the send checked).
     */
    async pending(contactIds: string[]) {
      if (!contactIds.length) return [];
      const since = new Date(clock.now().getTime() - IN_APP_DAYS * 86_400_000);
      const { rows } = await sql<{ id: string; payload: Record<string, unknown> }>`
        select s.id, s.payload from message_sends s
        left join contact_message_preferences p on p.contact_id = s.contact_id
        where s.contact_id = any(${contactIds}::uuid[]) and s.channel = 'in_app' and not s.test
          and s.status in ('queued', 'sent') and s.dismissed_at is null and s.claimed_at > ${since}
          and (s.message_type <> 'marketing' or coalesce(p.email_marketing, true))
        order by s.claimed_at, s.id limit ${PENDING_LIMIT}`.execute(db);
      return rows.map((r) => ({ id: r.id, ...r.payload }));
    },

    /**
     * What the contact did with one of their messages. A view marks a queued message sent (it reached the
     * contact) and is recorded once; a click is recorded once per link (only links the message carried) and
     * ends the message like a dismissal. False when the send is not one of these contacts' in-app messages.
     */
    async record(contactIds: string[], sendId: string, type: InAppEventType, url?: string | null) {
      const now = clock.now();
      const send = await db
        .selectFrom('message_sends')
        .select(['id', 'payload'])
        .where('id', '=', sendId)
        .where('channel', '=', 'in_app')
        .where('contact_id', 'in', contactIds.length ? contactIds : ['00000000-0000-0000-0000-000000000000'])
        .executeTakeFirst();
      if (!send) return false;
      if (type === 'view') {
        await db
          .updateTable('message_sends')
          .set({ status: 'sent', sent_at: now })
          .where('id', '=', sendId)
          .where('status', '=', 'queued')
          .execute();
        await recordEvent(sendId, 'view', null, true);
        return true;
      }
      if (type === 'click') {
        const payload = (send.payload ?? {}) as { button?: { url?: string } | null; html?: string };
        const carried =
          url && (payload.button?.url === url || (payload.html ?? '').includes(`href="${escapeHtml(url)}"`));
        // Once per link; a click without a link the message carried counts once.
        await recordEvent(sendId, 'click', carried ? url : null, !carried);
      }
      await db
        .updateTable('message_sends')
        .set({ dismissed_at: now })
        .where('id', '=', sendId)
        .where('dismissed_at', 'is', null)
        .execute();
      return true;
    },

    /** Whether a secret is set (it is never shown again after it is made). */
    async secretSet() {
      return Boolean((await messagingSettings(db)).inapp_secret);
    },

    /** Makes a new secret (the old one stops working at once) and shows it this once. */
    async rotateSecret(actor: Actor) {
      await messagingSettings(db);
      const secret = newSecret(32);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('messaging_settings')
          .set({ inapp_secret: secret, updated_at: clock.now() })
          .where('id', '=', 1)
          .execute();
        await audit.record(trx, actor, {
          action: 'rotate',
          entity: 'inapp_secret',
          entityId: null,
        });
      });
      return secret;
    },
  };
}

export type InApp = ReturnType<typeof createInApp>;
