import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { decodeQuotedPrintable, startSmtpServer } from '../../../test/support/smtp.js';
import { cliActor } from '../audit/actor.js';

/** Customer messaging (docs/messaging.md): templates, consent and email sends against a real SMTP server. */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let t: TestApp;
let accountId: string;
let contactId: string;
let otherContactId: string;
const PUBLIC = 'http://tenure.test';

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({
    SMTP_URL: smtp.url,
    TENURE_MAIL_FROM: 'CS <cs@vendor.example>',
    TENURE_LOCALE: 'zh-CN',
    TENURE_PUBLIC_URL: PUBLIC,
  });
  const account = await t.services.accounts.create(cliActor, {
    name: 'Acme',
    externalId: 'acme',
    ownerId: t.users.csm.id,
    attributes: { language: 'en', tier: 'gold' },
  });
  accountId = account.id;
  contactId = (
    await t.services.contacts.create(cliActor, accountId, {
      name: 'Li Lei',
      email: 'li.lei@acme.example',
      isPrimary: true,
    })
  ).id;
  otherContactId = (
    await t.services.contacts.create(cliActor, accountId, { name: 'Han Mei', email: 'han.mei@acme.example' })
  ).id;
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});
beforeEach(() => smtp.reset());

const content = {
  en: {
    subject: 'News for {{account.name}}',
    body: 'Hello {{contact.name}},\n\n[Read more](https://example.com/news) — tier {{account.tier}}, your CSM {{csm.name}}',
  },
  'zh-CN': { subject: '{{account.name}} 的新消息', body: '{{contact.name}} 您好,\n\n[阅读](https://example.com/news)' },
};

async function createTemplate(body: Record<string, unknown>, locale = 'en') {
  const manager = await t.as('cs_manager');
  return t.app.inject({
    method: 'POST',
    url: '/api/messaging/templates',
    payload: { channel: 'email', messageType: 'marketing', content, ...body },
    headers: { ...manager.headers, 'accept-language': locale },
  });
}
const pathOf = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};
const unfolded = (raw: string) => decodeQuotedPrintable(raw).replace(/\r\n[ \t]+/g, ' ');

describe('templates', () => {
  it('refuses an unknown variable with 400 naming the field and the variable, in the caller language', async () => {
    const bad = { ...content, en: { ...content.en, body: 'Hi {{contact.nickname}}' } };
    const en = await createTemplate({ name: 'Bad', content: bad }, 'en');
    expect(en.statusCode).toBe(400);
    expect(en.json().issues ?? en.json()).toBeDefined();
    expect(en.body).toContain('content.en.body');
    expect(en.body).toContain('Unknown variable “contact.nickname”');
    const zh = await createTemplate({ name: 'Bad', content: bad }, 'zh-CN');
    expect(zh.statusCode).toBe(400);
    expect(zh.body).toContain('未知变量“contact.nickname”');
    // An account field nobody has, a usage window that does not exist, and a section are refused too.
    for (const body of ['{{account.nothing}}', '{{usage.reports.31d}}', '{{#contact}}x{{/contact}}']) {
      const r = await createTemplate({ name: 'Bad', content: { en: { subject: 's', body } } });
      expect(r.statusCode, body).toBe(400);
    }
    const ok = await createTemplate({
      name: 'Usage',
      content: { en: { subject: 's', body: '{{usage.reports.30d}} {{account.tier}}' } },
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('previews for a real contact in their language, Markdown as HTML, no raw HTML through', async () => {
    const created = await createTemplate({ name: 'Preview' });
    expect(created.statusCode, created.body).toBe(201);
    const preview = await t.app.inject({
      method: 'POST',
      url: `/api/messaging/templates/${created.json().id}/preview`,
      payload: { contactId },
      headers: (await t.as('csm')).headers,
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ locale: 'en', subject: 'News for Acme' });
    expect(preview.json().html).toContain('<a href="https://example.com/news">Read more</a>');
    expect(preview.json().text).toContain('Hello Li Lei');
    expect(preview.json().text).toContain('tier gold, your CSM Test csm');
    const zh = await t.services.messaging.preview(created.json().id, contactId, 'zh-CN');
    expect(zh.subject).toBe('Acme 的新消息');
  });
});

describe('sending email', () => {
  it('sends once per idempotency key, with List-Unsubscribe headers on marketing only', async () => {
    const marketing = await t.services.messaging.templates.create(cliActor, {
      name: 'M1',
      channel: 'email',
      messageType: 'marketing',
      content,
    });
    const send = { templateId: marketing.id, contactId, idempotencyKey: 'news-1' };
    expect(await t.services.messaging.send(send)).toMatchObject({
      status: 'sent',
      address: 'li.lei@acme.example',
      locale: 'en',
    });
    expect(await t.services.messaging.send(send)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(smtp.mails).toHaveLength(1);
    const raw = unfolded(smtp.mails[0].raw);
    expect(raw).toMatch(/List-Unsubscribe: <http:\/\/tenure\.test\/m\/u\?t=[\w.-]+>/);
    expect(raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(raw).toContain('Unsubscribe');
    expect(raw).toMatch(/href="http:\/\/tenure\.test\/m\/c\?t=/);
    expect(raw).toMatch(/src="http:\/\/tenure\.test\/m\/o\?t=/);

    const transactional = await t.services.messaging.templates.create(cliActor, {
      name: 'T1',
      channel: 'email',
      messageType: 'transactional',
      content,
      trackOpens: false,
    });
    await t.services.messaging.send({ templateId: transactional.id, contactId, idempotencyKey: 'tx-1' });
    expect(smtp.mails).toHaveLength(2);
    const tx = unfolded(smtp.mails[1].raw);
    expect(tx).not.toContain('List-Unsubscribe');
    expect(tx).not.toContain('/m/o?');
    // The bulk variant: one key per contact, a re-run sends nothing more.
    const many = await t.services.messaging.sendMany({
      templateId: transactional.id,
      contactIds: [contactId, otherContactId],
      idempotencyKey: 'bulk-1',
    });
    expect(many.map((s) => s.status)).toEqual(['sent', 'sent']);
    await t.services.messaging.sendMany({
      templateId: transactional.id,
      contactIds: [contactId, otherContactId],
      idempotencyKey: 'bulk-1',
    });
    expect(smtp.mails).toHaveLength(4);
  });

  it('one-click unsubscribe (RFC 8058 POST) stops marketing email; the contact receives nothing more', async () => {
    const template = await t.services.messaging.templates.create(cliActor, {
      name: 'M2',
      channel: 'email',
      messageType: 'marketing',
      content,
    });
    await t.services.messaging.send({ templateId: template.id, contactId: otherContactId, idempotencyKey: 'm2-1' });
    const raw = unfolded(smtp.mails[0].raw);
    const url = /List-Unsubscribe: <([^>]+)>/.exec(raw)![1];
    const path = pathOf(url);
    const page = await t.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('退订');
    expect(page.body).toContain('Unsubscribe');
    expect((await t.services.messaging.consent.preferences(otherContactId)).emailMarketing).toBe(true);
    const post = await t.app.inject({
      method: 'POST',
      url: path,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(post.statusCode, post.body).toBe(200);
    expect(await t.services.messaging.consent.preferences(otherContactId)).toMatchObject({ emailMarketing: false });
    smtp.reset();
    const again = await t.services.messaging.send({
      templateId: template.id,
      contactId: otherContactId,
      idempotencyKey: 'm2-2',
    });
    expect(again).toMatchObject({ status: 'skipped', reason: 'unsubscribed' });
    expect(smtp.mails).toHaveLength(0);
    // A forged token does nothing.
    const forged = await t.app.inject({
      method: 'POST',
      url: `${path.slice(0, -3)}abc`,
      payload: '',
      headers: { 'content-type': 'text/plain' },
    });
    expect(forged.statusCode).toBe(404);
    // The CSM turns marketing back on in the 360: mail goes out again.
    const csm = await t.as('csm');
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/contacts/${otherContactId}/message-preferences`,
      payload: { emailMarketing: true },
      headers: csm.headers,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(
      (await t.services.messaging.send({ templateId: template.id, contactId: otherContactId, idempotencyKey: 'm2-3' }))
        .status,
    ).toBe('sent');
  });

  it('suppresses a bounced address for every message type, and the bounce lands on the timeline', async () => {
    const template = await t.services.messaging.templates.create(cliActor, {
      name: 'T2',
      channel: 'email',
      messageType: 'transactional',
      content,
    });
    await t.services.messaging.send({ templateId: template.id, contactId, idempotencyKey: 't2-1' });
    const manager = await t.as('cs_manager');
    const bounce = await t.app.inject({
      method: 'POST',
      url: '/api/messaging/suppressions',
      payload: { address: 'Li.Lei@acme.example', reason: 'bounce', detail: '550 no such user' },
      headers: manager.headers,
    });
    expect(bounce.statusCode, bounce.body).toBe(201);
    smtp.reset();
    expect(
      await t.services.messaging.send({ templateId: template.id, contactId, idempotencyKey: 't2-2' }),
    ).toMatchObject({ status: 'skipped', reason: 'suppressed' });
    expect(smtp.mails).toHaveLength(0);
    expect(await t.services.messaging.consent.preferences(contactId)).toMatchObject({ suppressed: 'bounce' });
    const timeline = await t.services.timeline.list(accountId, { types: ['email'], page: 1, pageSize: 50 });
    expect(timeline.items.map((i) => i.data.key)).toContain('timeline.messageBounce');
    const list = await t.app.inject({ method: 'GET', url: '/api/messaging/suppressions', headers: manager.headers });
    expect(list.json().items).toMatchObject([{ address: 'li.lei@acme.example', reason: 'bounce' }]);
    await t.app.inject({
      method: 'DELETE',
      url: '/api/messaging/suppressions/li.lei@acme.example',
      headers: manager.headers,
    });
    expect(
      (await t.services.messaging.send({ templateId: template.id, contactId, idempotencyKey: 't2-3' })).status,
    ).toBe('sent');
  });

  it('records opens and clicks through signed links, redirects, and shows them on the account timeline', async () => {
    const template = await t.services.messaging.templates.create(cliActor, {
      name: 'M3',
      channel: 'email',
      messageType: 'marketing',
      content,
    });
    const sent = await t.services.messaging.send({ templateId: template.id, contactId, idempotencyKey: 'm3-1' });
    const raw = unfolded(smtp.mails[0].raw);
    const pixel = pathOf(/src="([^"]+\/m\/o\?[^"]+)"/.exec(raw)![1]);
    const click = pathOf(/href="([^"]+\/m\/c\?[^"]+)"/.exec(raw)![1]);
    for (let i = 0; i < 2; i++) {
      const open = await t.app.inject({ method: 'GET', url: pixel });
      expect(open.statusCode).toBe(200);
      expect(open.headers['content-type']).toBe('image/gif');
    }
    const redirect = await t.app.inject({ method: 'GET', url: click });
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe('https://example.com/news');
    expect((await t.app.inject({ method: 'GET', url: `${click}x` })).statusCode).toBe(404);
    const timeline = await t.services.timeline.list(accountId, { types: ['email'], page: 1, pageSize: 50 });
    const mine = timeline.items.filter((i) => i.data.sendId === sent.id);
    expect(mine.map((i) => i.data.key).sort()).toEqual([
      'timeline.messageClick',
      'timeline.messageOpen',
      'timeline.messageSent',
    ]);
    expect(mine.find((i) => i.data.key === 'timeline.messageClick')?.data.params).toMatchObject({
      url: 'https://example.com/news',
    });
  });

  it('sends a test to the signed-in person, kept off the timeline', async () => {
    const template = await t.services.messaging.templates.create(cliActor, {
      name: 'M4',
      channel: 'email',
      messageType: 'marketing',
      content,
    });
    const csm = await t.as('csm');
    const test = await t.app.inject({
      method: 'POST',
      url: `/api/messaging/templates/${template.id}/test`,
      payload: { contactId, locale: 'zh-CN' },
      headers: csm.headers,
    });
    expect(test.statusCode, test.body).toBe(200);
    expect(test.json()).toMatchObject({ status: 'sent', address: 'csm@test.local', locale: 'zh-CN' });
    expect(smtp.mails.map((m) => m.to)).toEqual([['csm@test.local']]);
    const sends = await t.services.messaging.accountSends(accountId);
    expect(sends.find((s) => s.id === test.json().id)).toBeUndefined();
  });
});
