import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB, InAppOptions, MessageSendsTable, MessageTemplatesTable, TemplateContent } from '../../db/types.js';
import { translator } from '../../i18n/index.js';
import type { MessageLocale, SendView, SkipReason } from '../../shared/messaging.js';
import type { Mailer } from '../mail/mailer.js';
import type { SmsAdapter } from './channels.js';
import type { Recipient } from './context.js';
import { chatRequest, postChat } from '../../net/chat.js';
import { messageIdOf } from './messaging.inbound.js';
import { escapeHtml, pickLocale, renderMessage } from './templates.js';
import { signToken } from './tokens.js';

/** A claim older than this is taken to be a crash between claim and send, and taken again. */
export const LEASE_MINUTES = 10;

export type TemplateRow = {
  id: string;
  name: string;
  channel: MessageTemplatesTable['channel'];
  message_type: MessageTemplatesTable['message_type'];
  content: TemplateContent;
  track_opens: boolean;
  track_clicks: boolean;
  webhook_url: string | null;
  in_app: InAppOptions | null;
};

type SendRow = {
  id: string;
  idempotency_key: string;
  template_id: string | null;
  template_name: string;
  channel: string;
  message_type: string;
  contact_id: string | null;
  address: string | null;
  locale: string | null;
  subject: string | null;
  status: MessageSendsTable['status'];
  reason: string | null;
  attempts: number;
  claimed_at: Date;
  sent_at: Date | null;
};

export const toSendView = (r: SendRow): SendView => ({
  id: r.id,
  templateId: r.template_id,
  templateName: r.template_name,
  channel: r.channel,
  messageType: r.message_type,
  contactId: r.contact_id,
  address: r.address,
  locale: r.locale,
  subject: r.subject,
  status: r.status,
  reason: r.reason,
  attempts: r.attempts,
  claimedAt: new Date(r.claimed_at),
  sentAt: r.sent_at ? new Date(r.sent_at) : null,
});

/**
 * Why consent stops this message to this recipient, if it does. Transactional messages heed only suppression.
 * In-app marketing heeds the contact's marketing opt-out (the email-marketing switch, which one-click
 * unsubscribe turns off): it is the one "no marketing" a contact can say (docs/inapp.md).
 */
export function consentRefusal(template: TemplateRow, r: Recipient): SkipReason | undefined {
  const address =
    template.channel === 'email'
      ? r.email
      : template.channel === 'sms'
        ? r.phone
        : template.channel === 'chat'
          ? (r.chatGroup?.url ?? null)
          : (template.channel as string);
  if (!address) return 'no_address';
  if (template.channel === 'email' && r.suppressed) return 'suppressed';
  if (template.message_type !== 'marketing') return undefined;
  if ((template.channel === 'email' || template.channel === 'in_app') && !r.emailMarketing) return 'unsubscribed';
  if (template.channel === 'sms' && !r.sms) return 'channel_off';
  return undefined;
}

export interface Links {
  base: string;
  secret: string;
}

/**
 * The email of one send: rendered in its language, links through the click redirect, the open pixel,
 * and for marketing the unsubscribe link in the body plus RFC 8058's List-Unsubscribe headers.
 */
export function composeEmail(
  template: TemplateRow,
  locale: MessageLocale,
  recipient: Pick<Recipient, 'context' | 'contactId'>,
  sendId: string,
  links: Links,
) {
  const part = template.content[locale]!;
  const click = template.track_clicks
    ? (href: string) => `${links.base}/m/c?t=${signToken(links.secret, { k: 'c', s: sendId, u: href })}`
    : undefined;
  const message = renderMessage(part, recipient.context, { link: click });
  let { html, text } = message;
  const headers: Record<string, string> = {};
  if (template.message_type === 'marketing') {
    const url = `${links.base}/m/u?t=${signToken(links.secret, { k: 'u', s: sendId, c: recipient.contactId })}`;
    const t = translator(locale);
    headers['List-Unsubscribe'] = `<${url}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    html += `\n<p style="font-size:12px;color:#888">${escapeHtml(t('messaging.footer'))} <a href="${escapeHtml(url)}">${escapeHtml(t('messaging.unsubscribe'))}</a></p>`;
    text += `\n\n--\n${t('messaging.footer')} ${t('messaging.unsubscribe')}: ${url}`;
  }
  if (template.track_opens) {
    const pixel = `${links.base}/m/o?t=${signToken(links.secret, { k: 'o', s: sendId })}`;
    html += `\n<img src="${escapeHtml(pixel)}" width="1" height="1" alt="" style="display:none">`;
  }
  return { subject: message.subject, text, html, headers };
}

/**
 * What the snippet shows of one in-app message: title, the body as escaped Markdown rendered to HTML, the
 * button, and for a survey invitation the prompt (its answer token, kind, scale and question).
 */
export function inAppPayload(template: TemplateRow, locale: MessageLocale, recipient: Pick<Recipient, 'context'>) {
  const part = template.content[locale]!;
  const message = renderMessage(part, recipient.context);
  const options = template.in_app ?? { style: 'modal', buttonUrl: null };
  const button =
    part.button && options.buttonUrl
      ? { label: renderMessage({ subject: part.button, body: '' }, recipient.context).subject, url: options.buttonUrl }
      : null;
  const prompt = recipient.context.survey?.prompt;
  const t = translator(locale);
  return {
    style: options.style,
    locale,
    title: message.subject,
    html: message.html,
    button,
    survey: prompt
      ? {
          token: prompt.token,
          kind: prompt.kind,
          scale: prompt.scale,
          question: prompt.question[locale] ?? Object.values(prompt.question)[0] ?? '',
        }
      : null,
    // The snippet carries no catalog: its few words travel with each message, in the message's language.
    labels: {
      close: t('inapp.close'),
      submit: t('inapp.submit'),
      comment: t('inapp.comment'),
      thanks: t('inapp.thanks'),
      low: t('inapp.low'),
      high: t('inapp.high'),
    },
  };
}

export interface SendDeps {
  db: Kysely<DB>;
  clock: Clock;
  mailer: Mailer;
  sms: () => Promise<SmsAdapter>;
  links: () => Promise<Links>;
  /** Queues the signed webhook delivery (the job retries with back-off). */
  queueWebhook: (sendId: string) => Promise<void>;
  /** Chat robots at private addresses (TENURE_ALLOW_PRIVATE_WEBHOOKS: an on-premises robot, tests). */
  allowPrivateWebhooks: boolean;
}

/**
 * Claims one send per (idempotency key) in one statement; returns the claimed rows. A key already sent or
 * skipped, or claimed by someone else within the lease, is not claimed again: a re-run never sends twice.
 */
export async function claimSends(
  db: Kysely<DB>,
  now: Date,
  template: TemplateRow,
  targets: { key: string; contactId: string; accountId: string }[],
): Promise<Set<string>> {
  if (!targets.length) return new Set();
  const { rows } = await sql<{ idempotency_key: string }>`
    insert into message_sends (idempotency_key, template_id, template_name, channel, message_type, account_id, contact_id, status, claimed_at)
    select t.key, ${template.id}::uuid, ${template.name}, ${template.channel}, ${template.message_type}, t.account_id, t.contact_id, 'claimed', ${now}
    from unnest(${targets.map((t) => t.key)}::text[], ${targets.map((t) => t.accountId)}::uuid[], ${targets.map((t) => t.contactId)}::uuid[])
      as t(key, account_id, contact_id)
    on conflict (idempotency_key) do update set status = 'claimed', attempts = message_sends.attempts + 1,
      claimed_at = excluded.claimed_at, error = null, reason = null
    where message_sends.status = 'failed'
      or (message_sends.status = 'claimed' and message_sends.claimed_at < excluded.claimed_at - make_interval(mins => ${LEASE_MINUTES}))
    returning idempotency_key`.execute(db);
  return new Set(rows.map((r) => r.idempotency_key));
}

/** Delivers one claimed send and records its outcome; never throws for a refused delivery (recorded failed). */
export async function deliver(deps: SendDeps, template: TemplateRow, recipient: Recipient, key: string): Promise<void> {
  const { db, clock } = deps;
  const row = await db
    .selectFrom('message_sends')
    .select('id')
    .where('idempotency_key', '=', key)
    .executeTakeFirstOrThrow();
  const finish = (
    values: Partial<{
      status: SendRow['status'];
      reason: string | null;
      error: string | null;
      address: string | null;
      locale: string | null;
      subject: string | null;
      provider_id: string | null;
      payload: string;
    }>,
  ) =>
    db
      .updateTable('message_sends')
      .set({ ...values, ...(values.status === 'sent' ? { sent_at: clock.now() } : {}) })
      .where('id', '=', row.id)
      .execute();

  const refusal = consentRefusal(template, recipient);
  const locale = pickLocale(template.content, recipient.locale);
  const address =
    template.channel === 'email'
      ? recipient.email
      : template.channel === 'sms'
        ? recipient.phone
        : template.channel === 'chat'
          ? // The group's name, as people know it: "sent to the Acme service group".
            (recipient.chatGroup?.name ?? null)
          : template.channel === 'in_app'
            ? // No address in-app: the timeline names the contact instead ("seen in-app by Li Lei").
              recipient.context.contact.name
            : template.webhook_url;
  if (refusal) return void (await finish({ status: 'skipped', reason: refusal, address }));
  if (!locale) return void (await finish({ status: 'skipped', reason: 'no_content', address }));
  try {
    if (template.channel === 'email') {
      const links = await deps.links();
      const mail = composeEmail(template, locale, recipient, row.id, links);
      const result = await deps.mailer.send({
        // A reply's In-Reply-To and a bounce's copy of the headers name the send (messaging.inbound.ts).
        messageId: messageIdOf(row.id, links.base),
        to: recipient.email!,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
      });
      await finish({
        status: result.status === 'sent' ? 'sent' : 'skipped',
        reason: result.status === 'sent' ? null : result.reason,
        provider_id: result.status === 'sent' ? result.messageId : null,
        address,
        locale,
        subject: mail.subject,
      });
    } else if (template.channel === 'sms') {
      const text = renderMessage(template.content[locale]!, recipient.context).text;
      const sent = await (await deps.sms()).send({ to: recipient.phone!, text });
      await finish({ status: 'sent', provider_id: sent.providerId, address, locale, subject: null });
    } else if (template.channel === 'chat') {
      const group = recipient.chatGroup!;
      const message = renderMessage(template.content[locale]!, recipient.context);
      // The robots check their signature's timestamp against real time: the wall clock, not TENURE_NOW.
      const request = chatRequest(
        group.provider,
        group.url,
        group.secret,
        { title: message.subject, body: message.text },
        Date.now(),
      );
      await postChat(request, { allowPrivate: deps.allowPrivateWebhooks });
      await finish({ status: 'sent', address, locale, subject: message.subject });
    } else if (template.channel === 'in_app') {
      // Rendered now, as an email is: the snippet shows this payload when the contact next comes by.
      const payload = inAppPayload(template, locale, recipient);
      await finish({ status: 'queued', address, locale, subject: payload.title, payload: JSON.stringify(payload) });
    } else {
      const message = renderMessage(template.content[locale]!, recipient.context);
      const payload = {
        id: row.id,
        template: template.name,
        messageType: template.message_type,
        locale,
        contact: { id: recipient.contactId, ...recipient.context.contact },
        account: { id: recipient.accountId, name: recipient.context.account.name },
        subject: message.subject,
        body: message.text,
      };
      await finish({ status: 'queued', address, locale, subject: message.subject, payload: JSON.stringify(payload) });
      await deps.queueWebhook(row.id);
    }
  } catch (error) {
    await finish({
      status: 'failed',
      error: error instanceof Error ? error.message.slice(0, 500) : String(error),
      address,
    });
  }
}

export async function sendRows(db: Kysely<DB>, keys: string[]): Promise<SendView[]> {
  if (!keys.length) return [];
  const rows = await db.selectFrom('message_sends').selectAll().where('idempotency_key', 'in', keys).execute();
  const byKey = new Map(rows.map((r) => [r.idempotency_key, r]));
  return keys.flatMap((k) => (byKey.has(k) ? [toSendView(byKey.get(k)! as SendRow)] : []));
}
