import { type Kysely, sql } from 'kysely';
import type { ParsedMail } from 'mailparser';
import type { DB } from '../../db/types.js';
import { systemActor } from '../audit/actor.js';
import type { createConsent } from './messaging.consent.js';

/** The Message-ID of a customer email: its send's id at the public host, so a reply or a bounce names it. */
export const messageIdOf = (sendId: string, base: string) => `<${sendId}@${new URL(base).hostname}>`;

export type InboundOutcome =
  | { kind: 'reply'; sendId: string }
  | { kind: 'bounce'; address: string; sendId: string | null }
  | { kind: 'ignored'; reason: 'auto_reply' | 'soft_bounce' | 'unknown_message' };

const SEND_ID = /<([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@/gi;
/** Where a reply's own text ends and the quoted original starts (mail clients in both languages). */
const QUOTE_START = /^(On .+wrote:|在.+写道[:：]?|-{2,}\s*(Original Message|原始邮件)\s*-{2,}|From: .+|发件人[:：].+)$/;
const REPLY_CHARS = 2000;

/**
 * Replies and bounces coming back to customer emails (docs/messaging.md, "Replies and bounces"): one raw
 * message (RFC 5322) as an MTA pipes it or a mail provider's inbound webhook posts it. A delivery status
 * notification (RFC 3464) that says a recipient failed permanently suppresses the address, which records
 * a bounce on its latest send; a reply to one of our messages (In-Reply-To / References naming its
 * Message-ID) records a `reply` event with the reply's own text, so both land on the account timeline.
 * Auto-replies (RFC 3834 Auto-Submitted) and delayed-delivery notices are ignored.
 */
export function createInbound({ db, consent }: { db: Kysely<DB>; consent: ReturnType<typeof createConsent> }) {
  async function knownSend(ids: string[]): Promise<string | null> {
    if (!ids.length) return null;
    const row = await db
      .selectFrom('message_sends')
      .select('id')
      .where('id', 'in', ids)
      .where('channel', '=', 'email')
      .where('test', '=', false)
      .executeTakeFirst();
    return row?.id ?? null;
  }
  const idsIn = (text: string) => [...new Set([...text.matchAll(SEND_ID)].map((m) => m[1]!.toLowerCase()))];

  async function bounce(mail: ParsedMail): Promise<InboundOutcome> {
    const parts = mail.attachments.map((a) => ({ type: a.contentType, text: a.content.toString('utf8') }));
    // mailparser reads a message/delivery-status part as text, not as an attachment; accept either.
    const status = parts.find((p) => p.type === 'message/delivery-status')?.text ?? mail.text ?? '';
    const field = (name: string) => new RegExp(`^${name}:\\s*(?:rfc822;\\s*)?(.+)$`, 'im').exec(status)?.[1]?.trim();
    const action = field('Action')?.toLowerCase();
    const code = field('Status') ?? '';
    const address = (field('Final-Recipient') ?? field('Original-Recipient'))?.replace(/[<>]/g, '').toLowerCase();
    if (action !== 'failed' || !code.startsWith('5') || !address) return { kind: 'ignored', reason: 'soft_bounce' };
    const original = parts.filter((p) => p.type === 'message/rfc822' || p.type === 'text/rfc822-headers');
    const sendId = await knownSend(idsIn([...original.map((p) => p.text), mail.text ?? ''].join('\n')));
    await consent.suppress(systemActor, {
      address,
      reason: 'bounce',
      detail: `${code} ${field('Diagnostic-Code') ?? ''}`.trim(),
      sendId: sendId ?? undefined,
    });
    return { kind: 'bounce', address, sendId };
  }

  /** The reply's own words: the quoted original and signatures' separators cut off. */
  function ownText(mail: ParsedMail): string {
    const lines: string[] = [];
    for (const line of (mail.text ?? '').split(/\r?\n/)) {
      if (QUOTE_START.test(line.trim()) || line.startsWith('>')) break;
      lines.push(line);
    }
    return lines.join('\n').trim().slice(0, REPLY_CHARS);
  }

  return {
    async receive(raw: Buffer | string): Promise<InboundOutcome> {
      const { simpleParser } = await import('mailparser');
      const mail = await simpleParser(raw);
      const contentType = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> };
      if (contentType?.value === 'multipart/report' && contentType.params?.['report-type'] === 'delivery-status')
        return bounce(mail);
      const auto = String(mail.headers.get('auto-submitted') ?? 'no').toLowerCase();
      if (auto !== 'no') return { kind: 'ignored', reason: 'auto_reply' };
      const references = [mail.inReplyTo ?? '', ...[mail.references ?? []].flat()].join(' ');
      const sendId = await knownSend(idsIn(references));
      if (!sendId) return { kind: 'ignored', reason: 'unknown_message' };
      await sql`insert into message_events (send_id, type, detail, occurred_at)
        values (${sendId}::uuid, 'reply', ${ownText(mail) || null}, ${mail.date ?? new Date()})`.execute(db);
      return { kind: 'reply', sendId };
    },
  };
}
