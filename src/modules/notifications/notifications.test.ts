import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { decodeQuotedPrintable, type ReceivedMail, startSmtpServer } from '../../../test/support/smtp.js';
import { cliActor } from '../audit/actor.js';

/** A local robot endpoint: records every request; answers like the real ones ({errcode: 0}). */
const posts: { path: string; query: URLSearchParams; body: Record<string, any> }[] = [];
let answer: { status: number; body: string } = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
const receiver = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://x');
    posts.push({ path: url.pathname, query: url.searchParams, body: JSON.parse(raw) });
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  });
});
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let mails: ReceivedMail[];

let t: TestApp;
let base: string;
let csm: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  smtp = await startSmtpServer();
  mails = smtp.mails;
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  // The robot is a local HTTP server: internal addresses are allowed for it (channels.address.test.ts checks the refusal).
  t = await createTestApp({
    SMTP_URL: smtp.url,
    TENURE_LOCALE: 'en',
    TENURE_PUBLIC_URL: 'https://cs.example.com',
    TENURE_ALLOW_PRIVATE_WEBHOOKS: '1',
  });
  csm = t.users.csm.id;
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await smtp.close();
});
beforeEach(() => {
  posts.length = 0;
  smtp.reset();
  answer = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
});

const hmac = (key: string, message: string) => createHmac('sha256', key).update(message).digest('base64');
const handoffNote = (accountName: string) => ({
  event: 'handoff.completed',
  title: 'notifications.events.handoffCompleted.title',
  body: 'notifications.events.handoffCompleted.body',
  params: { account: accountName, by: 'Zhang Wei' },
  link: '/accounts/123',
});

describe('chat robots', () => {
  it('posts each robot its own format, DingTalk and Feishu signed, once per idempotency key', async () => {
    const admin = await t.as('admin');
    const make = async (payload: Record<string, unknown>) => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/settings/notifications/channels',
        headers: admin.headers,
        payload: { events: ['handoff.completed'], ...payload },
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).not.toHaveProperty('secret');
      return response.json() as { id: string; hasSecret: boolean };
    };
    await make({ kind: 'wecom', name: 'WeCom group', url: `${base}/wecom?key=abc` });
    const ding = await make({
      kind: 'dingtalk',
      name: 'DingTalk',
      url: `${base}/dingtalk?access_token=tok`,
      secret: 'SECdingsecret',
    });
    expect(ding.hasSecret).toBe(true);
    await make({ kind: 'feishu', name: 'Feishu', url: `${base}/feishu`, secret: 'feishusecret' });
    await make({ kind: 'slack', name: 'Slack', url: `${base}/slack` });
    await make({ kind: 'slack', name: 'Other events', url: `${base}/other`, events: ['cta.flagged'] });

    // Without a queue the deliver jobs run at once (services.jobs rule).
    const before = Date.now();
    const result = await t.services.notifications.notify({ ...handoffNote('Acme'), userIds: [csm] });
    expect(result).toEqual({ stored: 1, channels: 4 });
    const byPath = Object.fromEntries(posts.map((p) => [p.path, p]));
    expect(Object.keys(byPath).sort()).toEqual(['/dingtalk', '/feishu', '/slack', '/wecom']);

    expect(byPath['/wecom'].body).toEqual({
      msgtype: 'markdown',
      markdown: {
        content:
          '**Acme was handed over to you**\nZhang Wei completed the handoff checklist. Plan the kick-off.\n[https://cs.example.com/accounts/123](https://cs.example.com/accounts/123)',
      },
    });
    const dq = byPath['/dingtalk'].query;
    expect(dq.get('access_token')).toBe('tok');
    const ts = Number(dq.get('timestamp'));
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(dq.get('sign')).toBe(hmac('SECdingsecret', `${ts}\nSECdingsecret`));
    expect(byPath['/dingtalk'].body).toMatchObject({
      msgtype: 'markdown',
      markdown: { title: 'Acme was handed over to you' },
    });
    const fb = byPath['/feishu'].body;
    expect(fb).toMatchObject({
      msg_type: 'text',
      content: { text: expect.stringContaining('Acme was handed over to you') },
    });
    expect(Number(fb.timestamp)).toBeGreaterThanOrEqual(Math.floor(before / 1000));
    expect(fb.sign).toBe(hmac(`${fb.timestamp}\nfeishusecret`, ''));
    expect(byPath['/slack'].body.text).toBe(
      '*Acme was handed over to you*\nZhang Wei completed the handoff checklist. Plan the kick-off.\n<https://cs.example.com/accounts/123|https://cs.example.com/accounts/123>',
    );

    // The same notification again (a retried job): nothing stored, nothing posted.
    expect(await t.services.notifications.notify({ ...handoffNote('Acme'), userIds: [csm] })).toEqual({
      stored: 0,
      channels: 4,
    });
    expect(posts).toHaveLength(4);
  });

  it('a refused post fails the job for its retry, and the retry posts once', async () => {
    const admin = await t.as('admin');
    const channel = (
      await t.app.inject({
        method: 'POST',
        url: '/api/settings/notifications/channels',
        headers: admin.headers,
        payload: { kind: 'wecom', name: 'Flaky', url: `${base}/flaky`, events: [] },
      })
    ).json();
    answer = { status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' };
    await expect(t.services.channels.deliver(channel.id, 'k1', { title: 'T', body: 'B' })).rejects.toThrow(/93000/);
    answer = { status: 200, body: '{"errcode":0}' };
    expect(await t.services.channels.deliver(channel.id, 'k1', { title: 'T', body: 'B' })).toBe('sent');
    expect(await t.services.channels.deliver(channel.id, 'k1', { title: 'T', body: 'B' })).toBe('already_sent');
    expect(posts.filter((p) => p.path === '/flaky')).toHaveLength(2);
  });

  it('sends a test message on demand and never shows or audits the secret', async () => {
    const admin = await t.as('admin');
    const created = (
      await t.app.inject({
        method: 'POST',
        url: '/api/settings/notifications/channels',
        headers: admin.headers,
        payload: { kind: 'dingtalk', name: 'Test', url: `${base}/test`, secret: 'SECtop', events: [] },
      })
    ).json();
    const tested = await t.app.inject({
      method: 'POST',
      url: `/api/settings/notifications/channels/${created.id}/test`,
      headers: { ...admin.headers, 'accept-language': 'zh-CN' },
    });
    expect(tested.json()).toEqual({ ok: true, error: null });
    expect(posts.at(-1)?.body.markdown.title).toBe('Tenure 测试消息');
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/settings/notifications/channels',
      headers: admin.headers,
    });
    expect(list.body).not.toContain('SECtop');
    const audit = await t.services.audit.list({
      entity: 'notification_channel',
      entityId: created.id,
      page: 1,
      pageSize: 10,
    } as never);
    expect(JSON.stringify(audit)).not.toContain('SECtop');
    const csmSession = await t.as('csm');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/settings/notifications/channels', headers: csmSession.headers }))
        .statusCode,
    ).toBe(403);
  });
});

describe('in-app notifications and the digest', () => {
  it('lists the reader own notifications in their language, counts unread, marks read', async () => {
    await t.services.notifications.notify({ ...handoffNote('Globex'), role: 'csm', key: 'globex' });
    const session = await t.as('csm');
    const zh = (
      await t.app.inject({
        method: 'GET',
        url: '/api/notifications',
        headers: { ...session.headers, 'accept-language': 'zh-CN' },
      })
    ).json();
    expect(zh.unread).toBe(2);
    // Both carry the fixed clock's time, so their order is not what is tested.
    const globex = zh.items.find((n: { title: string }) => n.title.startsWith('Globex'));
    expect(globex).toMatchObject({
      title: 'Globex 已移交给您',
      body: 'Zhang Wei 已完成交接清单,请安排启动会。',
      link: '/accounts/123',
      readAt: null,
    });
    const other = await t.as('sales');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/notifications/unread-count', headers: other.headers })).json(),
    ).toEqual({ unread: 0 });
    // Someone else cannot mark them read.
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/notifications/read',
          headers: other.headers,
          payload: { ids: [globex.id] },
        })
      ).json(),
    ).toEqual({ updated: 0 });
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/notifications/read',
          headers: session.headers,
          payload: { ids: [globex.id] },
        })
      ).json(),
    ).toEqual({ updated: 1 });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/notifications/unread-count', headers: session.headers })).json(),
    ).toEqual({ unread: 1 });
  });

  it('mails each user with unread notifications one digest a day in their language', async () => {
    await t.services.users.update(cliActor, t.users.support.id, { locale: 'zh-CN' });
    await t.services.notifications.notify({ ...handoffNote('Initech'), userIds: [t.users.support.id] });
    expect(await t.services.notifications.sendDigests()).toEqual({ sent: 2, skipped: 0 });
    const byTo = Object.fromEntries(mails.map((m) => [m.to[0], m.raw.replace(/=\r?\n/g, '')]));
    expect(Object.keys(byTo).sort()).toEqual(['csm@test.local', 'support@test.local']);
    expect(byTo['csm@test.local']).toContain('Subject: Tenure: 1 unread notification');
    expect(byTo['csm@test.local']).toContain('https://cs.example.com/accounts/123');
    expect(byTo['support@test.local']).toContain('Subject: =?UTF-8?');
    expect(await t.services.notifications.sendDigests()).toEqual({ sent: 0, skipped: 0 });
    expect(mails).toHaveLength(2);
  });

  it('puts the CTAs due today or overdue in the digest, oldest first, even with nothing unread', async () => {
    const owner = t.users.onboarding.id;
    const accountId = (await t.services.accounts.create(cliActor, { name: 'Umbrella' })).id;
    const open = (title: string, dueOn: string, priority: 'high' | 'medium' = 'medium') =>
      t.services.ctas.open(cliActor, { accountId, type: 'onboarding', title, priority, ownerId: owner, dueOn });
    const today = await open('Kick-off call', '2026-06-15');
    const overdue = await open('Workshop', '2026-06-10', 'high');
    await open('Go-live review', '2026-06-16');
    const snoozed = await open('Snoozed one', '2026-06-01');
    await t.services.ctas.snooze(cliActor, snoozed.id, '2026-06-20', 'waiting for IT');
    const closed = await open('Closed one', '2026-06-01');
    await t.services.ctas.close(cliActor, closed.id, 'success', 'done');
    // Opening them notified the owner; read, they leave only the CTAs to report.
    await t.database.db
      .updateTable('notifications')
      .set({ read_at: new Date() })
      .where('user_id', '=', owner)
      .execute();

    expect(await t.services.notifications.sendDigests()).toEqual({ sent: 1, skipped: 0 });
    expect(mails.map((m) => m.to)).toEqual([['onboarding@test.local']]);
    const text = decodeQuotedPrintable(mails[0]!.raw);
    expect(text).toContain('Subject: Tenure: 2 CTAs due today or overdue');
    const workshop = text.indexOf('Umbrella — Workshop (high priority), overdue since 2026-06-10');
    const kickOff = text.indexOf('Umbrella — Kick-off call (medium priority), due today');
    expect(workshop).toBeGreaterThan(-1);
    expect(kickOff).toBeGreaterThan(workshop);
    expect(text).toContain(`https://cs.example.com/ctas?cta=${overdue.id}`);
    expect(text).toContain(`https://cs.example.com/ctas?cta=${today.id}`);
    expect(text).not.toMatch(/Go-live review|Snoozed one|Closed one|unread notification/);
  });
});
