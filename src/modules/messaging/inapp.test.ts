import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';
import { userHashOf } from './inapp.js';

/**
 * The in-app channel (docs/inapp.md): the signed identity, the user → contact mapping, pending messages,
 * view/click/dismiss recorded once on the send and the timeline, consent, and the in-app survey prompt.
 */
let t: TestApp;
let accountId: string;
let liLei: string;
let hanMei: string;
let secret: string;

const content = {
  en: {
    subject: 'New: usage reports',
    body: 'Hello {{contact.name}}, see **reports** [docs](https://example.com/docs)',
    button: 'Try it',
  },
  'zh-CN': { subject: '新功能：用量报告', body: '{{contact.name}} 您好，看看**报告**', button: '试试看' },
};

beforeAll(async () => {
  t = await createTestApp({ TENURE_LOCALE: 'zh-CN', TENURE_PUBLIC_URL: 'http://tenure.test' });
  accountId = (await t.services.accounts.create(cliActor, { name: 'Acme', attributes: { language: 'en' } })).id;
  liLei = (
    await t.services.contacts.create(cliActor, accountId, {
      name: 'Li Lei',
      email: 'li.lei@acme.example',
      externalId: 'u-1',
    })
  ).id;
  hanMei = (await t.services.contacts.create(cliActor, accountId, { name: 'Han Mei', email: 'han.mei@acme.example' }))
    .id;
});
afterAll(async () => {
  await t?.close();
});

const post = (url: string, payload: Record<string, unknown>, contentType = 'text/plain') =>
  t.app.inject({ method: 'POST', url, payload: JSON.stringify(payload), headers: { 'content-type': contentType } });
const who = (userId: string) => ({ userId, userHash: userHashOf(secret, userId) });
const pending = async (userId: string) => (await post('/v1/inapp/messages', who(userId))).json().messages as any[];

async function template(body: Record<string, unknown>) {
  const manager = await t.as('cs_manager');
  return t.app.inject({
    method: 'POST',
    url: '/api/messaging/templates',
    headers: manager.headers,
    payload: { channel: 'in_app', messageType: 'transactional', content, ...body },
  });
}

describe('in-app settings', () => {
  it('makes the secret for admins only, shows it once, and never again', async () => {
    const admin = await t.as('admin');
    const before = await t.app.inject({ method: 'GET', url: '/api/messaging/inapp', headers: admin.headers });
    expect(before.json()).toEqual({ secretSet: false, scriptUrl: 'http://tenure.test/inapp.js' });
    const csm = await t.as('csm');
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/messaging/inapp/secret', headers: csm.headers })).statusCode,
    ).toBe(403);
    const made = await t.app.inject({ method: 'POST', url: '/api/messaging/inapp/secret', headers: admin.headers });
    secret = made.json().secret;
    expect(secret.length).toBeGreaterThan(30);
    const after = await t.app.inject({ method: 'GET', url: '/api/messaging/inapp', headers: admin.headers });
    expect(after.json()).toEqual({ secretSet: true, scriptUrl: 'http://tenure.test/inapp.js' });
    expect(after.body).not.toContain(secret);
  });

  it('serves the snippet to any origin', async () => {
    const js = await t.app.inject({ method: 'GET', url: '/inapp.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('application/javascript');
    expect(js.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(js.body).toContain('attachShadow');
  });
});

describe('identity', () => {
  it('refuses an unsigned or wrongly signed identify with 401, in the caller language', async () => {
    const unsigned = await post('/v1/inapp/messages', { userId: 'u-1' });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.headers['access-control-allow-origin']).toBe('*');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/v1/inapp/messages',
      payload: JSON.stringify({ userId: 'u-1', userHash: userHashOf(secret, 'u-2') }),
      headers: { 'content-type': 'text/plain', 'accept-language': 'zh-CN' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.message).toContain('userHash');
    expect(wrong.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    // A bad body names the field.
    const bad = await post('/v1/inapp/messages', { userHash: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('userId');
  });

  it('maps a user by external id, else by email; an unknown user has nothing', async () => {
    expect(await t.services.messaging.inApp.contactsOf(who('u-1'))).toEqual([liLei]);
    expect(await t.services.messaging.inApp.contactsOf(who('HAN.MEI@acme.example'))).toEqual([hanMei]);
    expect(await t.services.messaging.inApp.contactsOf(who('nobody'))).toEqual([]);
    // A tracked user whose identify call gave an email trait: that email finds the contact.
    await t.database.db
      .insertInto('tracking_profiles')
      .values({
        person: 'u-9',
        user_id: 'u-9',
        account_id: accountId,
        traits: JSON.stringify({ email: 'Han.Mei@acme.example' }),
      })
      .execute();
    expect(await t.services.messaging.inApp.contactsOf(who('u-9'))).toEqual([hanMei]);
    expect(await pending('nobody')).toEqual([]);
  });
});

describe('messages', () => {
  it('refuses a bad button URL on its field', async () => {
    const res = await template({ name: 'Bad', inApp: { style: 'modal', buttonUrl: 'javascript:alert(1)' } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('inApp.buttonUrl');
  });

  it('keeps a send pending until shown; view and click are recorded once, on the send and the timeline', async () => {
    const made = await template({
      name: 'Reports',
      inApp: { style: 'banner', buttonUrl: 'https://example.com/reports' },
    });
    expect(made.statusCode).toBe(201);
    expect(made.json().inApp).toEqual({ style: 'banner', buttonUrl: 'https://example.com/reports' });
    const send = () =>
      t.services.messaging.sendMany({ templateId: made.json().id, contactIds: [liLei], idempotencyKey: 'launch' });
    const [first] = await send();
    expect(first).toMatchObject({ status: 'queued', channel: 'in_app', locale: 'en', subject: 'New: usage reports' });
    // The same key again: still one message.
    expect((await send())[0].id).toBe(first.id);

    const [message] = await pending('u-1');
    expect(message).toMatchObject({
      id: first.id,
      style: 'banner',
      title: 'New: usage reports',
      button: { label: 'Try it', url: 'https://example.com/reports' },
      labels: { close: 'Close' },
    });
    expect(message.html).toContain('Hello Li Lei, see <strong>reports</strong>');
    expect(await pending('HAN.MEI@acme.example')).toEqual([]);

    const event = (type: string, url?: string, userId = 'u-1') =>
      post('/v1/inapp/events', { ...who(userId), sendId: first.id, type, url }, 'application/json');
    // Someone else's message: as if it did not exist.
    expect((await event('view', undefined, 'han.mei@acme.example')).statusCode).toBe(404);
    expect((await event('view')).statusCode).toBe(200);
    expect((await event('view')).statusCode).toBe(200);
    expect((await pending('u-1')).map((m) => m.id)).toEqual([first.id]); // shown, not yet acted on
    expect((await event('click', 'https://example.com/reports')).statusCode).toBe(200);
    expect((await event('click', 'https://example.com/reports')).statusCode).toBe(200);
    expect(await pending('u-1')).toEqual([]);

    const [row] = await t.services.messaging.accountSends(accountId);
    expect(row).toMatchObject({ id: first.id, status: 'sent' });
    const timeline = await t.services.timeline.list(accountId, { page: 1, pageSize: 50 } as never);
    const mine = timeline.items
      .filter((i: { data: unknown }) => (i.data as { sendId?: string }).sendId === first.id)
      .map((i: { data: unknown }) => (i.data as { key: string }).key)
      .sort();
    expect(mine).toEqual(['timeline.messageClick', 'timeline.messageSent', 'timeline.messageView']);
  });

  it('respects consent: marketing in-app is not sent to, nor shown to, a contact who opted out of marketing', async () => {
    const marketing = (
      await template({ name: 'Promo', messageType: 'marketing', inApp: { style: 'modal', buttonUrl: null } })
    ).json();
    const service = (await template({ name: 'Maintenance', inApp: { style: 'modal', buttonUrl: null } })).json();
    // Sent while Li Lei still accepts marketing; then he opts out (the one marketing switch messaging has).
    const [promo] = await t.services.messaging.sendMany({
      templateId: marketing.id,
      contactIds: [liLei],
      idempotencyKey: 'p1',
    });
    expect(promo.status).toBe('queued');
    await t.services.messaging.consent.setPreferences(cliActor, liLei, { emailMarketing: false });
    const [notice] = await t.services.messaging.sendMany({
      templateId: service.id,
      contactIds: [liLei],
      idempotencyKey: 'n1',
    });
    const [later] = await t.services.messaging.sendMany({
      templateId: marketing.id,
      contactIds: [liLei],
      idempotencyKey: 'p2',
    });
    expect(later).toMatchObject({ status: 'skipped', reason: 'unsubscribed' });
    expect((await pending('u-1')).map((m) => m.id)).toEqual([notice.id]);
    const dismissed = await post('/v1/inapp/events', { ...who('u-1'), sendId: notice.id, type: 'dismiss' });
    expect(dismissed.statusCode).toBe(200);
    expect(await pending('u-1')).toEqual([]);
    await t.services.messaging.consent.setPreferences(cliActor, liLei, { emailMarketing: true });
    expect((await pending('u-1')).map((m) => m.id)).toEqual([promo.id]);
  });
});

describe('in-app survey', () => {
  it('asks the survey in-app with its throttling; the answer becomes an NPS answer once', async () => {
    const invite = (
      await template({
        name: 'NPS prompt',
        content: { en: { subject: 'Quick question', body: 'Two seconds of your time?' } },
        inApp: { style: 'modal', buttonUrl: null },
      })
    ).json();
    const manager = await t.as('cs_manager');
    const survey = await t.app.inject({
      method: 'POST',
      url: '/api/surveys',
      headers: manager.headers,
      payload: { name: 'In-app NPS', kind: 'nps', templateId: invite.id },
    });
    expect(survey.statusCode).toBe(201);
    const sendSurvey = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/surveys/${survey.json().id}/send`,
        headers: manager.headers,
        payload: { contactId: hanMei },
      });
    expect((await sendSurvey()).json()).toMatchObject({ selected: 1, sent: 1 });
    expect((await sendSurvey()).json()).toMatchObject({ sent: 0, skipped: { throttled: 1 } });

    const [prompt] = await pending('han.mei@acme.example');
    expect(prompt.title).toBe('Quick question');
    expect(prompt.survey).toMatchObject({
      kind: 'nps',
      scale: '0-10',
      question: 'How likely are you to recommend us to a friend or colleague?',
    });
    const outOfScale = await post('/v1/inapp/answer', { token: prompt.survey.token, score: 11 });
    expect(outOfScale.statusCode).toBe(400);
    expect(outOfScale.body).toContain('score');
    const answered = await post('/v1/inapp/answer', { token: prompt.survey.token, score: 9, comment: 'Handy' });
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toEqual({ state: 'answered' });
    expect((await post('/v1/inapp/answer', { token: prompt.survey.token, score: 1 })).json()).toEqual({
      state: 'alreadyAnswered',
    });
    expect((await post('/v1/inapp/answer', { token: `${prompt.survey.token}x`, score: 1 })).statusCode).toBe(404);

    const answers = await t.services.nps.list(accountId, { page: 1, pageSize: 10 });
    expect(answers.items).toHaveLength(1);
    expect(answers.items[0]).toMatchObject({ score: 9, comment: 'Handy', contactId: hanMei, category: 'promoter' });
  });
});

describe('rate limit', () => {
  // Last in the file: it spends this address's allowance for the minute.
  it('answers 429 past 120 requests a minute from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 125; i++) statuses.push((await post('/v1/inapp/messages', who('u-1'))).statusCode);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(120);
    expect(statuses.at(-1)).toBe(429);
  });
});
