import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB, MessageSuppressionsTable } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import { type Actor, systemActor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { contactRows } from '../contacts/contacts.read.js';

type EventType = 'open' | 'click' | 'bounce' | 'reply' | 'unsubscribe' | 'view';

/** Consent: channel preferences per contact, one-click unsubscribe, the suppression list, and send events. */
export function createConsent({
  db,
  clock,
  audit,
}: {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
}) {
  async function preferences(contactId: string) {
    const row = await db
      .selectFrom(contactRows(db).as('c'))
      .leftJoin('contact_message_preferences as p', 'p.contact_id', 'c.id')
      .leftJoin('message_suppressions as s', (j) => j.on(sql`s.address`, '=', sql`lower(c.email)`))
      .select(['c.id', 'p.email_marketing', 'p.sms', 'p.unsubscribed_at', 's.reason'])
      .where('c.id', '=', contactId)
      .where('c.deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw notFound('contact');
    return {
      emailMarketing: row.email_marketing ?? true,
      sms: row.sms ?? true,
      unsubscribedAt: row.unsubscribed_at ? new Date(row.unsubscribed_at) : null,
      suppressed: row.reason ?? null,
    };
  }

  /** Records an event of a send; `once`: only the first of its type (opens: mail clients refetch images). */
  async function recordEvent(sendId: string, type: EventType, url: string | null, once: boolean) {
    const guard = once
      ? sql`and not exists (select 1 from message_events e where e.send_id = ${sendId}::uuid and e.type = ${type})`
      : url
        ? sql`and not exists (select 1 from message_events e where e.send_id = ${sendId}::uuid and e.type = ${type} and e.url = ${url})`
        : sql``;
    await sql`insert into message_events (send_id, type, url, occurred_at)
      select s.id, ${type}, ${url}, ${clock.now()} from message_sends s where s.id = ${sendId}::uuid ${guard}`.execute(
      db,
    );
  }

  return {
    preferences,
    recordEvent,

    async setPreferences(actor: Actor, contactId: string, input: { emailMarketing?: boolean; sms?: boolean }) {
      const before = await preferences(contactId);
      const after = { emailMarketing: input.emailMarketing ?? before.emailMarketing, sms: input.sms ?? before.sms };
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('contact_message_preferences')
          .values({
            contact_id: contactId,
            email_marketing: after.emailMarketing,
            sms: after.sms,
            updated_at: clock.now(),
          })
          .onConflict((oc) =>
            oc.column('contact_id').doUpdateSet({
              email_marketing: after.emailMarketing,
              sms: after.sms,
              updated_at: clock.now(),
            }),
          )
          .execute();
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'contact_message_preferences',
          entityId: contactId,
          before,
          after,
        });
      });
      return preferences(contactId);
    },

    /** Marketing email off for the contact (their own one click): recorded on the send that carried the link. */
    async unsubscribe(contactId: string, sendId: string | null) {
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const live = await trx
          .selectFrom(contactRows(trx).as('c'))
          .select('c.id')
          .where('c.id', '=', contactId)
          .executeTakeFirst();
        if (!live) return;
        await trx
          .insertInto('contact_message_preferences')
          .values({ contact_id: contactId, email_marketing: false, unsubscribed_at: now, updated_at: now })
          .onConflict((oc) =>
            oc.column('contact_id').doUpdateSet({ email_marketing: false, unsubscribed_at: now, updated_at: now }),
          )
          .execute();
        await audit.record(trx, systemActor, {
          action: 'unsubscribe',
          entity: 'contact_message_preferences',
          entityId: contactId,
          after: { emailMarketing: false, sendId },
        });
      });
      if (sendId) await recordEvent(sendId, 'unsubscribe', null, true);
    },

    async suppressions() {
      const rows = await db
        .selectFrom('message_suppressions')
        .selectAll()
        .orderBy('created_at', 'desc')
        .limit(1000)
        .execute();
      return rows.map((r) => ({
        address: r.address,
        reason: r.reason,
        detail: r.detail,
        createdAt: new Date(r.created_at),
      }));
    },

    /**
     * Puts an address on the suppression list; a bounce or complaint is also recorded on the latest send to
     * it (so it lands on that account's timeline).
     */
    async suppress(
      actor: Actor,
      /** `sendId`: the send that bounced, when the bounce names it; otherwise the latest email to the address. */
      input: { address: string; reason?: MessageSuppressionsTable['reason']; detail?: string | null; sendId?: string },
    ) {
      const address = input.address.trim().toLowerCase();
      const reason = input.reason ?? 'manual';
      const row = await db.transaction().execute(async (trx) => {
        const made = await trx
          .insertInto('message_suppressions')
          .values({
            address,
            reason,
            detail: input.detail ?? null,
            created_by: userIdOf(actor),
            created_at: clock.now(),
          })
          .onConflict((oc) => oc.column('address').doUpdateSet({ reason, detail: input.detail ?? null }))
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, {
          action: 'create',
          entity: 'message_suppression',
          entityId: null,
          after: made,
        });
        return made;
      });
      if (reason !== 'manual' && input.sendId) await recordEvent(input.sendId, 'bounce', null, true);
      else if (reason !== 'manual') {
        const last = await db
          .selectFrom('message_sends')
          .select('id')
          .where(sql`lower(address)`, '=', address)
          .where('channel', '=', 'email')
          .where('test', '=', false)
          .orderBy('claimed_at', 'desc')
          .executeTakeFirst();
        if (last) await recordEvent(last.id, 'bounce', null, true);
      }
      return { address: row.address, reason: row.reason, detail: row.detail, createdAt: new Date(row.created_at) };
    },

    async unsuppress(actor: Actor, address: string) {
      await db.transaction().execute(async (trx) => {
        const gone = await trx
          .deleteFrom('message_suppressions')
          .where('address', '=', address.trim().toLowerCase())
          .returningAll()
          .executeTakeFirst();
        if (!gone) throw notFound('messageSuppression');
        await audit.record(trx, actor, {
          action: 'delete',
          entity: 'message_suppression',
          entityId: null,
          before: gone,
        });
      });
      return { ok: true as const };
    },
  };
}
