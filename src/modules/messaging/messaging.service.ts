import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { invalidField, notFound } from '../../http/errors.js';
import type { MessageLocale, SendView } from '../../shared/messaging.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Mailer } from '../mail/mailer.js';
import { createLogSmsAdapter, type SmsAdapter } from './channels.js';
import { createInApp } from './inapp.js';
import { createConsent } from './messaging.consent.js';
import { createChatGroups } from './messaging.chat.js';
import { createInbound } from './messaging.inbound.js';
import { messagingSettings } from './messaging.settings.js';
import { createTemplateStore } from './messaging.templates.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import { contactRows } from '../contacts/contacts.read.js';
import { userRows } from '../users/users.read.js';
import { loadRecipients, type Recipient } from './context.js';
import { claimSends, deliver, type Links, sendRows, toSendView } from './send.js';
import { createTwilioAdapter } from './twilio.js';
import { escapeMarkdown, markdownTable, type MessageContext } from './templates.js';
import { signToken, verifyToken } from './tokens.js';

export interface MessagingDeps {
  db: Kysely<DB>;
  clock: Clock;
  mailer: Mailer;
  audit: Pick<AuditService, 'record'>;
  jobs: { send(name: 'messaging-webhook', payload: { sendId: string }): Promise<unknown> };
  defaultLocale: MessageLocale;
  /** Where tracking and unsubscribe links point (TENURE_PUBLIC_URL). */
  publicUrl: string;
  /** Chat robots at private addresses allowed (TENURE_ALLOW_PRIVATE_WEBHOOKS). */
  allowPrivateWebhooks?: boolean;
  /** Replaces the configured SMS provider (tests, development). */
  smsAdapter?: SmsAdapter;
}

/** A chat message goes to the account's group once, however many of its contacts it was meant for. */
function perChannel(channel: string, recipients: Recipient[]): Recipient[] {
  if (channel !== 'chat') return recipients;
  const seen = new Set<string>();
  return recipients.filter((r) => !seen.has(r.accountId) && seen.add(r.accountId));
}

export interface SendRequest {
  templateId: string;
  contactId: string;
  /** A re-run with the same key never sends twice. */
  idempotencyKey: string;
}

/**
 * Customer messaging (docs/messaging.md): the one way a module sends a message to a customer. A send
 * checks consent, is claimed by its idempotency key, goes out on the template's channel and is recorded
 * in message_sends, whose rows and events the account timeline shows (messages.timeline.read.ts).
 */
export function createMessagingService(deps: MessagingDeps) {
  const { db, clock, mailer, audit, defaultLocale } = deps;
  const base = deps.publicUrl.replace(/\/+$/, '');
  const logSms = createLogSmsAdapter();
  const secret = async () => (await messagingSettings(db)).secret;
  const links = async (): Promise<Links> => ({ base, secret: await secret() });
  const templates = createTemplateStore({ db, audit, defaultLocale });
  const consent = createConsent({ db, clock, audit });
  const inbound = createInbound({ db, consent });
  const chatGroups = createChatGroups({ db, clock, audit });
  const INBOUND = 'inbound';
  const inApp = createInApp({ db, clock, audit, recordEvent: consent.recordEvent });

  async function sms(): Promise<SmsAdapter> {
    if (deps.smsAdapter) return deps.smsAdapter;
    const settings = await messagingSettings(db);
    return settings.sms_provider === 'twilio' ? createTwilioAdapter(settings.sms_config) : logSms;
  }
  const sendDeps = {
    db,
    clock,
    mailer,
    sms,
    links,
    allowPrivateWebhooks: deps.allowPrivateWebhooks ?? false,
    queueWebhook: async (sendId: string) => {
      await deps.jobs.send('messaging-webhook', { sendId });
    },
  };

  /**
   * Sends one template to many contacts; each contact's key is `<idempotencyKey>:<contactId>`. `variables`
   * adds per-contact values a caller owns (a survey's answer link) to what the template may fill in.
   */
  async function sendMany(input: {
    templateId: string;
    contactIds: string[];
    idempotencyKey: string;
    variables?: Record<string, Pick<MessageContext, 'survey' | 'report'>>;
    /**
     * Per-contact key prefixes in place of `idempotencyKey`, for a caller sending one step to many
     * participants at once (journeys: `journey:<participant>:<step>`); the key stays `<prefix>:<contactId>`.
     */
    keyPrefixes?: Record<string, string>;
  }) {
    const template = await templates.row(input.templateId);
    const recipients = await loadRecipients(db, [...new Set(input.contactIds)], defaultLocale);
    for (const [contactId, extra] of Object.entries(input.variables ?? {})) {
      const r = recipients.get(contactId);
      if (r) r.context = { ...r.context, ...extra };
    }
    const targets = perChannel(template.channel, [...recipients.values()]).map((r) => ({
      key: `${input.keyPrefixes?.[r.contactId] ?? input.idempotencyKey}:${r.contactId}`,
      contactId: r.contactId,
      accountId: r.accountId,
    }));
    const claimed = await claimSends(db, clock.now(), template, targets);
    for (const target of targets)
      if (claimed.has(target.key)) await deliver(sendDeps, template, recipients.get(target.contactId)!, target.key);
    return sendRows(
      db,
      targets.map((t) => t.key),
    );
  }

  return {
    templates,
    consent,
    /** Each account's own chat group, where `chat` templates go (messaging.chat.ts). */
    chatGroups,
    /**
     * Replies and bounces (messaging.inbound.ts): `receive` takes one raw message; `intake` is where an MTA
     * or a mail provider's inbound webhook posts them (`/m/inbound`) and the key it must send.
     */
    inbound: {
      receive: inbound.receive,
      async intake() {
        return { url: `${base}/m/inbound`, key: signToken(await secret(), { k: 'x', p: INBOUND, i: INBOUND }) };
      },
      async acceptsKey(key: string) {
        const payload = verifyToken(await secret(), key);
        return payload?.k === 'x' && payload.p === INBOUND;
      },
    },
    /** The in-app channel's identities, pending messages and events (docs/inapp.md). */
    inApp,

    async send(input: SendRequest): Promise<SendView> {
      const template = await templates.row(input.templateId);
      const recipient = (await loadRecipients(db, [input.contactId], defaultLocale)).get(input.contactId);
      if (!recipient) throw notFound('contact');
      const key = input.idempotencyKey;
      const claimed = await claimSends(db, clock.now(), template, [
        { key, contactId: recipient.contactId, accountId: recipient.accountId },
      ]);
      if (claimed.has(key)) await deliver(sendDeps, template, recipient, key);
      const [view] = await sendRows(db, [key]);
      if (view.templateId !== template.id || view.contactId !== recipient.contactId)
        throw invalidField(['body', 'idempotencyKey'], 'errors.messagingKeyReused');
      return view;
    },
    sendMany,

    /** Signed link tokens for another module's public page (a survey answer), under the messaging secret. */
    async signLinks(purpose: string, ids: readonly string[]): Promise<string[]> {
      const key = await secret();
      return ids.map((i) => signToken(key, { k: 'x', p: purpose, i }));
    },
    /** The id a link token of `purpose` carries, or undefined when it is not ours (tampered, other purpose). */
    async verifyLink(purpose: string, token: string): Promise<string | undefined> {
      const payload = verifyToken(await secret(), token);
      return payload?.k === 'x' && payload.p === purpose ? payload.i : undefined;
    },

    /** The template as this contact would read it (tracking off, unsubscribe link inert). */
    preview: (id: string, contactId: string, locale?: MessageLocale, variables?: Pick<MessageContext, 'report'>) =>
      templates.preview(id, contactId, locale, { base, secret: 'preview' }, variables),

    /** Block variables a caller fills in (docs/messaging.md, "Block variables"): built and escaped here. */
    blocks: { table: markdownTable, text: escapeMarkdown },

    /** An account's sends whose idempotency key starts with `prefix` (a module's own sends, e.g. one month's report). */
    async sendsByPrefix(accountId: string, prefix: string): Promise<SendView[]> {
      const rows = await db
        .selectFrom('message_sends')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('test', '=', false)
        .where(sql<boolean>`starts_with(idempotency_key, ${prefix})`)
        .orderBy('claimed_at')
        .orderBy('address')
        .execute();
      return rows.map((r) => toSendView(r));
    },

    /**
     * A test send to the signed-in person, filled in for a real contact (or the first contact): recorded
     * as a test, never on a timeline, never consent-checked (it goes to a colleague).
     */
    async testSend(
      actor: Actor,
      id: string,
      input: { contactId?: string; locale?: MessageLocale; variables?: Pick<MessageContext, 'report'> },
    ) {
      const template = await templates.row(id);
      const user =
        actor.type === 'user'
          ? await db.selectFrom(userRows(db).as('u')).select('u.email').where('u.id', '=', actor.id).executeTakeFirst()
          : undefined;
      const email = user?.email;
      if (!email) throw invalidField(['body'], 'errors.messagingNoTestAddress');
      const contactId =
        input.contactId ??
        (
          await db
            .selectFrom(contactRows(db).as('c'))
            .select('c.id')
            .where('c.deleted_at', 'is', null)
            .orderBy('c.created_at')
            .executeTakeFirst()
        )?.id;
      if (!contactId) throw notFound('contact');
      const recipient = (await loadRecipients(db, [contactId], defaultLocale)).get(contactId);
      if (!recipient) throw notFound('contact');
      const key = `test:${id}:${actor.id}:${clock.now().getTime()}:${Math.random().toString(36).slice(2)}`;
      await db
        .insertInto('message_sends')
        .values({
          idempotency_key: key,
          template_id: template.id,
          template_name: template.name,
          channel: 'email',
          message_type: template.message_type,
          account_id: null,
          contact_id: null,
          status: 'claimed',
          test: true,
          claimed_at: clock.now(),
        })
        .execute();
      const asEmail = { ...template, channel: 'email' as const };
      await deliver(
        sendDeps,
        asEmail,
        {
          ...recipient,
          context: { ...recipient.context, ...input.variables },
          email,
          locale: input.locale ?? recipient.locale,
          emailMarketing: true,
          suppressed: null,
        },
        key,
      );
      return (await sendRows(db, [key]))[0];
    },

    /** Live contacts matching a search, for the preview's contact picker. */
    async recipients(q?: string) {
      let query = db
        .selectFrom(contactRows(db).as('c'))
        .innerJoin(liveAccounts(db).as('a'), 'a.id', 'c.account_id')
        .select(['c.id', 'c.name', 'c.email', 'a.name as accountName'])
        .where('c.deleted_at', 'is', null);
      if (q) {
        const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query = query.where((eb) =>
          eb.or([eb('c.name', 'ilike', like), eb('c.email', 'ilike', like), eb('a.name', 'ilike', like)]),
        );
      }
      return query.orderBy('c.name').limit(20).execute();
    },

    async accountSends(accountId: string): Promise<SendView[]> {
      const rows = await db
        .selectFrom('message_sends')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('test', '=', false)
        .orderBy('claimed_at', 'desc')
        .limit(200)
        .execute();
      return rows.map((r) => toSendView(r));
    },

    /** A tracking pixel fetched: the first open of the send is recorded. */
    async trackOpen(token: string): Promise<boolean> {
      const payload = verifyToken(await secret(), token);
      if (payload?.k !== 'o') return false;
      await consent.recordEvent(payload.s, 'open', null, true);
      return true;
    },
    /** A tracked link followed: where to redirect, or undefined for a token that is not ours. */
    async trackClick(token: string): Promise<string | undefined> {
      const payload = verifyToken(await secret(), token);
      if (payload?.k !== 'c' || !/^https?:\/\//i.test(payload.u)) return undefined;
      await consent.recordEvent(payload.s, 'click', payload.u, false);
      return payload.u;
    },
    /** One-click unsubscribe (RFC 8058) or the confirmation page's button: marketing email off. */
    async unsubscribe(token: string): Promise<boolean> {
      const payload = verifyToken(await secret(), token);
      if (payload?.k !== 'u') return false;
      await consent.unsubscribe(payload.c, payload.s);
      return true;
    },
    /** Whether the token is a valid unsubscribe token (the GET page shows the button only then). */
    async isUnsubscribeToken(token: string) {
      return verifyToken(await secret(), token)?.k === 'u';
    },

    /** One try of a webhook delivery (the job's); throws on a refusal so the queue retries with back-off. */
    async deliverWebhook(sendId: string, attempt: number, final: boolean) {
      const { deliverWebhook } = await import('./webhook.js');
      return deliverWebhook({ db, clock, secret: await secret() }, sendId, attempt, final);
    },

    async smsSettings() {
      const s = await messagingSettings(db);
      const c = (s.sms_config ?? {}) as Record<string, string>;
      return {
        provider: s.sms_provider,
        from: c.from ?? null,
        accountSid: c.accountSid ?? null,
        authTokenSet: Boolean(c.authToken),
      };
    },
    async setSmsSettings(
      actor: Actor,
      input: { provider: 'log' | 'twilio'; from?: string | null; accountSid?: string | null; authToken?: string },
    ) {
      const s = await messagingSettings(db);
      const c = { ...((s.sms_config ?? {}) as Record<string, string>) };
      if (input.from !== undefined) c.from = input.from ?? '';
      if (input.accountSid !== undefined) c.accountSid = input.accountSid ?? '';
      if (input.authToken) c.authToken = input.authToken;
      if (input.provider === 'twilio' && (!c.accountSid || !c.authToken || !c.from))
        throw invalidField(
          ['body', c.accountSid ? (c.authToken ? 'from' : 'authToken') : 'accountSid'],
          'errors.required',
        );
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('messaging_settings')
          .set({ sms_provider: input.provider, sms_config: JSON.stringify(c), updated_at: clock.now() })
          .where('id', '=', 1)
          .execute();
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'messaging_settings',
          entityId: null,
          after: { provider: input.provider, from: c.from, accountSid: c.accountSid },
        });
      });
      return this.smsSettings();
    },
  };
}

export type MessagingService = ReturnType<typeof createMessagingService>;
