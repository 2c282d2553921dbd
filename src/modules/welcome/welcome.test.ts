import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { type ReceivedMail, startSmtpServer } from '../../../test/support/smtp.js';
import { createServices } from '../../services.js';
import { cliActor } from '../audit/actor.js';
import { userHashOf } from '../tracking/identity.service.js';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let received: ReceivedMail[];
let t: TestApp;
let owner: string;
beforeAll(async () => {
  smtp = await startSmtpServer();
  received = smtp.mails;
  t = await createTestApp({ SMTP_URL: smtp.url, TENURE_MAIL_FROM: 'CS <cs@vendor.example>', TENURE_LOCALE: 'zh-CN' });
  owner = (
    await t.services.users.create(cliActor, {
      email: 'wang.fang@vendor.example',
      name: 'Wang Fang',
      role: 'csm',
      password: 'long enough password',
    })
  ).id;
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});
beforeEach(() => smtp.reset());

/** The subject header, its folding undone and its encoded words (RFC 2047, Q or B) decoded. */
function subject(raw: string): string {
  const header = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
  return header
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/\r\n[ \t]+/g, ' ')
    .replace(/=\?UTF-8\?([QB])\?(.*?)\?=/gi, (_m, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}
/** The text part: quoted-printable soft breaks undone. */
const decoded = (raw: string) => raw.replace(/=\r?\n/g, '');

async function paidAccount(name: string, firstPaidOn: string, language?: string) {
  const account = await t.services.accounts.create(cliActor, {
    name,
    externalId: name,
    firstPaidOn,
    ownerId: owner,
    attributes: language ? { language } : {},
  });
  await t.services.contacts.create(cliActor, account.id, {
    name: 'Li Lei',
    email: `li.lei@${name.toLowerCase()}.example`,
    isPrimary: true,
  });
  return account.id;
}

describe('welcome automation', () => {
  it('emails the primary contact the CSM introduction in the account language, once, and logs it', async () => {
    const acme = await paidAccount('Acme', '2026-06-15', 'en');
    expect(await t.services.welcome.due()).toEqual([acme]);
    // The scan job queues one send per due account; without a queue it runs at once.
    await t.services.jobs.send('welcome-scan', {});
    expect(received).toHaveLength(1);
    expect(received[0].to).toEqual(['li.lei@acme.example']);
    const mail = decoded(received[0].raw);
    expect(subject(received[0].raw)).toBe('Welcome aboard, Acme — I am Wang Fang, your customer success manager');
    expect(mail).toContain('I am Wang Fang, your customer success manager');
    expect(mail).toContain('wang.fang@vendor.example');
    expect(mail).toContain('From: CS <cs@vendor.example>');

    // Sent twice more (a duplicate job, the next scan): nothing goes out again.
    expect(await t.services.welcome.send(cliActor, acme)).toEqual({ status: 'already_sent' });
    await t.services.jobs.send('welcome-scan', {});
    expect(received).toHaveLength(1);
    expect(await t.services.welcome.due()).toEqual([]);

    const timeline = await t.services.timeline.list(acme, { types: ['email'], page: 1, pageSize: 10 });
    expect(timeline.items).toHaveLength(1);
    expect(timeline.items[0]).toMatchObject({
      subject: expect.stringContaining('Welcome aboard, Acme'),
      data: { key: 'timeline.welcomeSent' },
    });
    expect(await t.services.welcome.sends(acme)).toMatchObject([
      { kind: 'welcome', status: 'sent', email: 'li.lei@acme.example', locale: 'en', attempts: 1 },
    ]);
  });

  it('falls back to the organisation language (zh-CN) and retries a refused send without sending twice', async () => {
    const beta = await paidAccount('Beta', '2026-06-14');
    smtp.refuseAll = true;
    await expect(t.services.welcome.send(cliActor, beta)).rejects.toThrow(/mailbox unavailable/);
    expect(await t.services.welcome.sends(beta)).toMatchObject([{ status: 'failed', attempts: 1 }]);
    smtp.refuseAll = false;
    expect(await t.services.welcome.send(cliActor, beta)).toMatchObject({ status: 'sent', locale: 'zh-CN' });
    expect(received).toHaveLength(1);
    expect(subject(received[0].raw)).toBe('欢迎加入,Beta——我是您的客户成功经理 Wang Fang');
    expect(await t.services.welcome.sends(beta)).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });

  it('takes over a claim left by a crash once its lease has passed, not before', async () => {
    const gamma = await paidAccount('Gamma', '2026-06-15');
    // A worker claimed the send and died before sending.
    await t.database.db
      .insertInto('customer_sends')
      .values({ account_id: gamma, kind: 'welcome', status: 'claimed', claimed_at: new Date('2026-06-15T03:55:00Z') })
      .execute();
    expect(await t.services.welcome.send(cliActor, gamma)).toEqual({ status: 'already_sent' });
    await t.database.db
      .updateTable('customer_sends')
      .set({ claimed_at: new Date('2026-06-15T03:45:00Z') })
      .where('account_id', '=', gamma)
      .execute();
    expect(await t.services.welcome.send(cliActor, gamma)).toMatchObject({ status: 'sent' });
    expect(received.map((r) => r.to[0])).toEqual(['li.lei@gamma.example']);
  });

  it('leaves an in-app message the customer product reads with its write key', async () => {
    const key = await t.services.writeKeys.create(cliActor, { name: 'product' });
    const auth = { authorization: `Basic ${Buffer.from(`${key.key}:`).toString('base64')}` };
    const acme = await t.database.db
      .selectFrom('accounts')
      .select('id')
      .where('external_id', '=', 'Acme')
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto('tracking_profiles')
      .values({ person: 'acme-user', user_id: 'acme-user', account_id: acme.id, linked_at: new Date() })
      .execute();
    // Identity verification (welcome.identity.test.ts): the user's hash, as the customer's server makes it.
    const secret = (
      await t.app.inject({
        method: 'GET',
        url: '/api/settings/identity-secret',
        headers: (await t.as('admin')).headers,
      })
    ).json().secret as string;
    const hash = userHashOf(secret, 'acme-user');
    const ok = await t.app.inject({
      method: 'GET',
      url: `/v1/messages?userId=acme-user&userHash=${hash}&groupId=Acme`,
      headers: auth,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().messages).toMatchObject([
      { kind: 'welcome', locale: 'en', title: 'Welcome! Wang Fang is your customer success manager' },
    ]);
    expect(
      (await t.app.inject({ method: 'GET', url: `/v1/messages?userId=acme-user&userHash=${hash}` })).statusCode,
    ).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/v1/messages', headers: auth })).statusCode).toBe(400);
  });

  it('sends a welcome skipped for want of SMTP once SMTP is configured, exactly once', async () => {
    // The same database served before SMTP_URL was set (a restart later brings it).
    const withoutSmtp = createServices({
      db: t.database.db,
      clock: t.clock,
      config: { TENURE_SESSION_DAYS: 14, TENURE_LOCALE: 'zh-CN' },
    });
    const delta = await paidAccount('Delta', '2026-06-15', 'en');
    expect(await withoutSmtp.welcome.send(cliActor, delta)).toMatchObject({
      status: 'skipped',
      reason: 'smtp_not_configured',
    });
    // Without SMTP nothing is due again: the next runs do not record it over and over.
    expect(await withoutSmtp.welcome.due([delta])).toEqual([]);
    await withoutSmtp.jobs.send('welcome-scan', {});
    expect(await t.services.welcome.sends(delta)).toMatchObject([{ status: 'skipped', attempts: 1 }]);
    // A skip for another reason (no address to write to) is not taken again.
    const noEmail = (
      await t.services.accounts.create(cliActor, {
        name: 'Epsilon',
        externalId: 'Epsilon',
        firstPaidOn: '2026-06-15',
        ownerId: owner,
      })
    ).id;
    expect(await t.services.welcome.send(cliActor, noEmail)).toMatchObject({
      status: 'skipped',
      reason: 'no_contact_email',
    });
    expect(received).toHaveLength(0);

    // With SMTP configured the next welcome run sends it.
    expect(await t.services.welcome.due()).toEqual([delta]);
    await t.services.jobs.send('welcome-scan', {});
    expect(received.map((r) => r.to)).toEqual([['li.lei@delta.example']]);
    expect(subject(received[0].raw)).toBe('Welcome aboard, Delta — I am Wang Fang, your customer success manager');
    expect(await t.services.welcome.sends(delta)).toMatchObject([
      { status: 'sent', email: 'li.lei@delta.example', attempts: 2, error: null },
    ]);

    // Never twice: the next scans, a duplicate job and the data-arrival listener find it sent.
    await t.services.jobs.send('welcome-scan', {});
    expect(await t.services.welcome.send(cliActor, delta)).toEqual({ status: 'already_sent' });
    await t.services.signals.accountsChanged([delta], 'test');
    expect(received).toHaveLength(1);
    const timeline = await t.services.timeline.list(delta, { types: ['email'], page: 1, pageSize: 10 });
    expect(timeline.items.map((i) => i.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'timeline.welcomeSkipped' }),
        expect.objectContaining({ key: 'timeline.welcomeSent' }),
      ]),
    );
  });

  it('does not send a welcome skipped long ago when SMTP comes, nor one whose payment is no longer new', async () => {
    const zeta = await paidAccount('Zeta', '2026-04-20');
    await t.database.db
      .insertInto('customer_sends')
      .values({
        account_id: zeta,
        kind: 'welcome',
        status: 'skipped',
        error: 'smtp_not_configured',
        claimed_at: new Date('2026-04-20T03:00:00Z'),
        sent_at: new Date('2026-04-20T03:00:00Z'),
      })
      .execute();
    expect(await t.services.welcome.due()).toEqual([]);
    await t.services.jobs.send('welcome-scan', {});
    expect(received).toHaveLength(0);
  });

  it('does not welcome accounts whose first payment is old or missing', async () => {
    await paidAccount('Old', '2026-03-01');
    await t.services.accounts.create(cliActor, { name: 'Prospect' });
    expect(await t.services.welcome.due()).toEqual([]);
  });
});
