import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { startSmtpServer } from '../../../test/support/smtp.js';
import { cliActor } from '../audit/actor.js';

/** Replies and bounces coming back to customer emails land on the timeline (docs/messaging.md). */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let t: TestApp;
let accountId: string;
let liLei: string;
let templateId: string;
let intake: { url: string; key: string };

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({
    SMTP_URL: smtp.url,
    TENURE_MAIL_FROM: 'CS <cs@vendor.example>',
    TENURE_PUBLIC_URL: 'https://tenure.example.com',
  });
  accountId = (await t.services.accounts.create(cliActor, { name: 'Acme', externalId: 'acme' })).id;
  liLei = (await t.services.contacts.create(cliActor, accountId, { name: 'Li Lei', email: 'li.lei@acme.example' })).id;
  templateId = (
    await t.services.messaging.templates.create(cliActor, {
      name: 'Check-in',
      channel: 'email',
      messageType: 'transactional',
      content: { en: { subject: 'How is it going?', body: 'Hello {{contact.name}}' } },
    })
  ).id;
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/messaging/inbound',
    headers: (await t.as('admin')).headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  intake = res.json();
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const post = (raw: string, key = intake.key, locale = 'en') =>
  t.app.inject({
    method: 'POST',
    url: new URL(intake.url).pathname,
    payload: Buffer.from(raw.replace(/\n/g, '\r\n')),
    headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${key}`, 'accept-language': locale },
  });
const timeline = async () =>
  (await t.services.timeline.list(accountId, { types: ['email'], page: 1, pageSize: 50 })).items;

async function sendOne(key: string) {
  smtp.reset();
  const sent = await t.services.messaging.send({ templateId, contactId: liLei, idempotencyKey: key });
  expect(sent.status).toBe('sent');
  const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(smtp.mails[0]!.raw)?.[1];
  return { id: sent.id, messageId: messageId! };
}

describe('replies and bounces', () => {
  it('names each email by its send, so a reply finds it; the reply and its own words land on the timeline', async () => {
    const { id, messageId } = await sendOne('reply-1');
    expect(messageId).toBe(`<${id}@tenure.example.com>`);
    const reply = `From: Li Lei <li.lei@acme.example>
To: cs@vendor.example
Subject: Re: How is it going?
Date: Mon, 15 Jun 2026 09:00:00 +0800
Message-ID: <abc@acme.example>
In-Reply-To: ${messageId}
References: ${messageId}
Content-Type: text/plain; charset=utf-8

Going well, but we need help with the export.

On Mon, 15 Jun 2026, CS <cs@vendor.example> wrote:
> Hello Li Lei
`;
    const res = await post(reply);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ kind: 'reply', sendId: id });
    const entry = (await timeline()).find((e) => e.data.key === 'timeline.messageReply');
    expect(entry).toMatchObject({ body: 'Going well, but we need help with the export.' });
    expect(entry!.data.sendId).toBe(id);
  });

  it('refuses a wrong key in the caller language and records nothing; ignores auto-replies and unknown threads', async () => {
    const { messageId } = await sendOne('reply-2');
    const raw = `From: li.lei@acme.example\nSubject: Re\nIn-Reply-To: ${messageId}\nContent-Type: text/plain\n\nThanks\n`;
    const before = (await timeline()).length;
    const refused = await post(raw, `${intake.key}x`, 'zh-CN');
    expect(refused.statusCode).toBe(401);
    expect(refused.body).toContain('接收密钥');
    const auto = await post(raw.replace('Subject: Re', 'Subject: Out of office\nAuto-Submitted: auto-replied'));
    expect(auto.json()).toEqual({ kind: 'ignored', reason: 'auto_reply' });
    const unknown = await post(raw.replace(messageId, '<someone-else@example.com>'));
    expect(unknown.json()).toEqual({ kind: 'ignored', reason: 'unknown_message' });
    expect(await timeline()).toHaveLength(before);
  });

  it('a permanent bounce suppresses the address, lands on the timeline, and later sends are suppressed', async () => {
    const { id, messageId } = await sendOne('bounce-1');
    const dsn = (action: string, status: string) => `From: Mail Delivery System <MAILER-DAEMON@vendor.example>
To: cs@vendor.example
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Your message could not be delivered.
--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.vendor.example

Final-Recipient: rfc822; li.lei@acme.example
Action: ${action}
Status: ${status}
Diagnostic-Code: smtp; 550 5.1.1 User unknown
--B
Content-Type: text/rfc822-headers

Message-ID: ${messageId}
Subject: How is it going?
--B--
`;
    // A delay notice is not a bounce.
    expect((await post(dsn('delayed', '4.4.1'))).json()).toEqual({ kind: 'ignored', reason: 'soft_bounce' });
    expect((await t.services.messaging.consent.preferences(liLei)).suppressed).toBeNull();

    const res = await post(dsn('failed', '5.1.1'));
    expect(res.json()).toEqual({ kind: 'bounce', address: 'li.lei@acme.example', sendId: id });
    expect((await t.services.messaging.consent.preferences(liLei)).suppressed).toBe('bounce');
    const bounce = (await timeline()).find((e) => e.data.key === 'timeline.messageBounce');
    expect(bounce!.data.sendId).toBe(id);
    const after = await t.services.messaging.send({ templateId, contactId: liLei, idempotencyKey: 'bounce-2' });
    expect(after).toMatchObject({ status: 'skipped', reason: 'suppressed' });
  });
});
