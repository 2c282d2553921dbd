import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { type ReceivedMail, startSmtpServer } from '../../../test/support/smtp.js';
import { cliActor } from '../audit/actor.js';
import { userHashOf } from '../tracking/identity.service.js';

/**
 * GET /v1/messages holds contact and CSM names and emails; the write key is public (it ships in the
 * customer's JavaScript), so only a user whose id the customer's server signed reads anything —
 * and only the messages of that user's own accounts.
 */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let t: TestApp;
let auth: { authorization: string };
const mails: ReceivedMail[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ SMTP_URL: smtp.url, TENURE_LOCALE: 'en' });
  const owner = await t.services.users.create(cliActor, {
    email: 'csm.person@vendor.example',
    name: 'Csm Person',
    role: 'csm',
    password: 'long enough password',
  });
  for (const [name, user] of [
    ['Alpha', 'u-alpha'],
    ['Beta', 'u-beta'],
  ] as const) {
    const account = await t.services.accounts.create(cliActor, {
      name,
      externalId: name,
      firstPaidOn: '2026-06-15',
      ownerId: owner.id,
      attributes: { language: 'en' },
    });
    await t.services.contacts.create(cliActor, account.id, {
      name: `${name} Contact`,
      email: `contact@${name.toLowerCase()}.example`,
      isPrimary: true,
    });
    await t.database.db
      .insertInto('tracking_profiles')
      .values({ person: `p-${user}`, user_id: user, account_id: account.id, linked_at: new Date() })
      .execute();
    expect(await t.services.welcome.send(cliActor, account.id)).toMatchObject({ status: 'sent' });
  }
  mails.push(...smtp.mails);
  const key = await t.services.writeKeys.create(cliActor, { name: 'product' });
  auth = { authorization: `Basic ${Buffer.from(`${key.key}:`).toString('base64')}` };
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const messages = (query: string) =>
  t.app.inject({ method: 'GET', url: `/v1/messages?${query}`, headers: { ...auth, 'accept-language': 'en' } });

async function secret(): Promise<string> {
  const admin = await t.as('admin');
  const response = await t.app.inject({ method: 'GET', url: '/api/settings/identity-secret', headers: admin.headers });
  expect(response.statusCode).toBe(200);
  return response.json().secret as string;
}

describe('identity verification of /v1/messages', () => {
  it('without a hash, or with a wrong one, answers 401 and nothing personal', async () => {
    expect(mails).toHaveLength(2);
    for (const query of [
      'userId=u-alpha',
      'userId=u-alpha&userHash=',
      `userId=u-alpha&userHash=${'0'.repeat(64)}`,
      `userId=u-alpha&userHash=${userHashOf(await secret(), 'u-beta')}`,
      'groupId=Alpha',
    ]) {
      const response = await messages(query);
      expect([400, 401], query).toContain(response.statusCode);
      expect(response.body, query).not.toMatch(/Alpha Contact|Csm Person|csm\.person@|contact@alpha/);
    }
    expect((await messages('userId=u-alpha')).json().error).toMatchObject({
      code: 'unverified_user',
      message: expect.stringMatching(/userHash/),
    });
    // A hash made with another secret is no better.
    expect(
      (await messages(`userId=u-alpha&userHash=${userHashOf('someone-elses-secret-of-enough-length', 'u-alpha')}`))
        .statusCode,
    ).toBe(401);
  });

  it("with the user's hash: that user's messages, never another account's", async () => {
    const key = await secret();
    const alpha = await messages(`userId=u-alpha&userHash=${userHashOf(key, 'u-alpha')}`);
    expect(alpha.statusCode).toBe(200);
    expect(alpha.json().messages).toHaveLength(1);
    expect(alpha.body).toContain('Csm Person');
    expect(alpha.body).not.toMatch(/Beta/);
    // Naming the other account as the group gives nothing of it.
    const other = await messages(`userId=u-alpha&userHash=${userHashOf(key, 'u-alpha')}&groupId=Beta`);
    expect(other.statusCode).toBe(200);
    expect(other.json().messages).toEqual([]);
    const beta = await messages(`userId=u-beta&userHash=${userHashOf(key, 'u-beta').toUpperCase()}`);
    expect(beta.json().messages).toHaveLength(1);
    expect(beta.body).not.toMatch(/Alpha/);
  });

  it('the secret is made once, for admins only', async () => {
    const first = await secret();
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(await secret()).toBe(first);
    for (const role of ['cs_manager', 'csm', 'viewer'] as const) {
      const session = await t.as(role);
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/settings/identity-secret', headers: session.headers }))
          .statusCode,
        role,
      ).toBe(403);
    }
  });

  it('is rate limited per write key and user', async () => {
    const hash = userHashOf(await secret(), 'u-beta');
    const statuses: number[] = [];
    for (let i = 0; i < 61; i += 1) statuses.push((await messages(`userId=u-beta&userHash=${hash}`)).statusCode);
    expect(statuses).toContain(429);
    // Another user of the same key is counted apart.
    expect((await messages(`userId=u-alpha&userHash=${userHashOf(await secret(), 'u-alpha')}`)).statusCode).toBe(200);
  });
});
