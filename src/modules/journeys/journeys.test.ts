import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { decodeQuotedPrintable, startSmtpServer } from '../../../test/support/smtp.js';
import type { JourneyDefinitionInput } from '../../shared/journeys.js';
import { cliActor } from '../audit/actor.js';
import { DAY, techTouchOnboarding } from './journeys.testkit.js';

/**
 * The journeys engine (docs/journeys.md) against a real smtp-server, time moved by the injectable clock:
 * the worked example (tech-touch onboarding), quiet hours, pause and resume, a new version, re-entry, exit
 * criteria. Each run is `services.journeys.run()`, what the minute job does; enrolling through the API runs
 * it at once (no queue in tests: a sent job runs inline).
 */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let t: TestApp;
const START = new Date('2026-06-15T04:00:00Z'); // 12:00 in Shanghai, the organisation's zone
let now = START;
const templates: Record<string, string> = {};

const at = (minutes: number) => new Date(START.getTime() + minutes * 60_000);
const subjects = () => smtp.mails.map((m) => `${m.to.join(',')} ${/^Subject: (.*)$/m.exec(m.raw)?.[1]?.trim()}`).sort();
const run = async (minutes: number) => {
  now = at(minutes);
  await t.services.journeys.run();
};

async function account(name: string, emails: string[], attributes: Record<string, unknown> = {}) {
  const { id } = await t.services.accounts.create(cliActor, { name, externalId: name, attributes });
  for (const email of emails) await t.services.contacts.create(cliActor, id, { name: email.split('@')[0]!, email });
  return id;
}

async function journey(name: string, definition: JourneyDefinitionInput) {
  const headers = (await t.as('cs_manager')).headers;
  const created = await t.app.inject({ method: 'POST', url: '/api/journeys', headers, payload: { name, definition } });
  expect(created.statusCode, created.body).toBe(201);
  const { id } = created.json();
  const published = await t.app.inject({ method: 'POST', url: `/api/journeys/${id}/publish`, headers });
  expect(published.statusCode, published.body).toBe(200);
  return id as string;
}

async function enrol(id: string, accountIds: string[]) {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/journeys/${id}/enrol`,
    headers: (await t.as('csm')).headers,
    payload: { accountIds },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { enrolled: number; skipped: number };
}

const participants = async (id: string) =>
  (await t.services.journeys.participants(id, { page: 1, pageSize: 100 })).items;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({
    SMTP_URL: smtp.url,
    TENURE_LOCALE: 'en',
    TENURE_MAIL_FROM: 'CS <cs@vendor.example>',
    TENURE_SESSION_DAYS: '365', // the clock moves a month; sessions signed in at the start stay valid
  });
  t.clock.now = () => new Date(now);
  for (const key of ['welcome', 'tip', 'nps', 'other']) {
    templates[key] = (
      await t.services.messaging.templates.create(cliActor, {
        name: key,
        channel: 'email',
        messageType: 'transactional',
        content: {
          en: {
            subject: key,
            body: `Hello {{contact.name}}: ${key}${key === 'nps' ? ' [answer]({{survey.link}})' : ''}`,
          },
        },
      })
    ).id;
  }
  // Day 30 asks through a survey, so each answer link is the contact's own and the answers feed NPS.
  templates.npsSurvey = (
    await t.services.surveys.create(cliActor, { name: 'Onboarding NPS', kind: 'nps', templateId: templates.nps! })
  ).id;
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});
beforeEach(() => {
  smtp.reset();
  now = START;
});

describe('tech-touch onboarding (the worked example)', () => {
  it('welcomes on day 0, tips on day 3 and calls on day 14 only while not activated, asks NPS on day 30', async () => {
    const slow = await account('Slow', ['ann@slow.example', 'bob@slow.example']);
    const quick = await account('Quick', ['cy@quick.example']);
    const late = await account('Late', ['di@late.example']);
    await t.services.contacts.create(cliActor, slow, { name: 'No address' });
    const id = await journey('Tech-touch onboarding', techTouchOnboarding(templates as never));

    expect(await enrol(id, [slow, quick, late])).toEqual({ enrolled: 3, skipped: 0 });
    expect(subjects()).toEqual([
      'ann@slow.example welcome',
      'bob@slow.example welcome',
      'cy@quick.example welcome',
      'di@late.example welcome',
    ]);
    smtp.reset();

    await t.services.accounts.update(cliActor, quick, { attributes: { activated: 'yes' } });
    await run(3 * DAY - 1);
    expect(smtp.mails).toHaveLength(0); // a minute early
    await run(3 * DAY);
    expect(subjects()).toEqual(['ann@slow.example tip', 'bob@slow.example tip', 'di@late.example tip']);
    smtp.reset();

    await t.services.accounts.update(cliActor, late, { attributes: { activated: 'yes' } });
    await run(14 * DAY);
    const ctas = await t.services.ctas.listOpen({ accountIds: [slow, quick, late] });
    expect(ctas.map((c) => [c.accountId, c.title])).toEqual([[slow, 'Onboarding stalled: call the customer']]);
    await run(14 * DAY + 5); // a second run opens no second CTA
    expect(await t.services.ctas.listOpen({ accountIds: [slow] })).toHaveLength(1);
    // A worker that died after opening the CTA, before writing the participant back: the participant is
    // still at the step, due, and runs it again — which finds the CTA it opened (the step's key). (Replayed
    // at day 14 itself, so the day-30 wait that follows still ends on day 30.)
    await sql`update journey_participants set step_id = 'call', status = 'active', next_at = ${at(14 * DAY)},
      passed = array_remove(passed, 'call'), claim_token = null, claimed_until = null
      where account_id = ${slow}::uuid and left_at is null`.execute(t.services.db);
    await run(14 * DAY);
    expect(await t.services.ctas.listOpen({ accountIds: [slow] })).toHaveLength(1);
    expect(smtp.mails).toHaveLength(0);

    await run(30 * DAY);
    expect(subjects()).toEqual([
      'ann@slow.example nps',
      'bob@slow.example nps',
      'cy@quick.example nps',
      'di@late.example nps',
    ]);
    for (const mail of smtp.mails) expect(decodeQuotedPrintable(mail.raw)).toMatch(/\/survey\?t=[\w.-]{20,}/);
    await run(30 * DAY + 5); // a second run invites nobody twice
    expect(smtp.mails).toHaveLength(4);
    const done = await participants(id);
    expect(done.map((p) => [p.accountName, p.status, p.leftReason]).sort()).toEqual([
      ['Late', 'completed', 'completed'],
      ['Quick', 'completed', 'completed'],
      ['Slow', 'completed', 'completed'],
    ]);
    const view = (await t.app.inject({ url: `/api/journeys/${id}`, headers: (await t.as('viewer')).headers })).json();
    const passed = Object.fromEntries(view.steps.map((s: { stepId: string; passed: number }) => [s.stepId, s.passed]));
    expect(passed).toMatchObject({ welcome: 3, tip: 2, call: 1, nps: 3, 'activated-3': 3 });

    // Entering and leaving show on the account's timeline next to the sends.
    const timeline = await t.app.inject({
      url: `/api/accounts/${slow}/timeline`,
      headers: (await t.as('csm')).headers,
    });
    const keys = timeline.json().items.map((e: { data: { key: string } }) => e.data.key);
    expect(keys).toEqual(
      expect.arrayContaining(['timeline.journeyEntered', 'timeline.journeyLeft', 'timeline.messageSent']),
    );
    const ofAccount = await t.app.inject({
      url: `/api/accounts/${slow}/journeys`,
      headers: (await t.as('csm')).headers,
    });
    expect(ofAccount.json().items.map((p: { journeyName: string }) => p.journeyName)).toEqual([
      'Tech-touch onboarding',
    ]);
  });
});

const oneSend = (extra: Partial<JourneyDefinitionInput> = {}): JourneyDefinitionInput => ({
  scope: 'account',
  entry: { kind: 'manual' },
  start: 'hello',
  steps: [{ id: 'hello', kind: 'send', templateId: templates.welcome!, next: null }],
  ...extra,
});

describe('the engine', () => {
  it('holds a send in the quiet hours of the account’s time zone until they end', async () => {
    const ny = await account('New York', ['ed@ny.example'], { timezone: 'America/New_York' }); // 00:00 there
    const sh = await account('Shanghai', ['fu@sh.example']); // 12:00 in the organisation's zone
    const id = await journey('Quiet', oneSend({ quietHours: { start: '22:00', end: '08:00' } }));
    await enrol(id, [ny, sh]);
    expect(subjects()).toEqual(['fu@sh.example welcome']);
    const held = (await participants(id)).find((p) => p.accountId === ny)!;
    expect([held.status, held.nextAt?.toISOString()]).toEqual(['waiting', '2026-06-15T12:00:00.000Z']);
    await run(7 * 60 + 59);
    expect(smtp.mails).toHaveLength(1);
    await run(8 * 60);
    expect(subjects()).toEqual(['ed@ny.example welcome', 'fu@sh.example welcome']);
  });

  it('moves nobody while paused and carries on after resuming', async () => {
    const paused = await account('Paused', ['gu@paused.example']);
    const id = await journey('Pausable', {
      ...oneSend(),
      start: 'wait',
      steps: [
        { id: 'wait', kind: 'wait', mode: 'duration', minutes: DAY, next: 'hello' },
        { id: 'hello', kind: 'send', templateId: templates.welcome!, next: null },
      ],
    });
    await enrol(id, [paused]);
    const headers = (await t.as('admin')).headers;
    expect((await t.app.inject({ method: 'POST', url: `/api/journeys/${id}/pause`, headers })).json().status).toBe(
      'paused',
    );
    await run(2 * DAY);
    expect(smtp.mails).toHaveLength(0);
    expect((await t.app.inject({ method: 'POST', url: `/api/journeys/${id}/resume`, headers })).json().status).toBe(
      'active',
    );
    expect(subjects()).toEqual(['gu@paused.example welcome']);
  });

  it('moves participants to a new version where their step still exists; the others finish on theirs', async () => {
    const early = await account('Early', ['hu@early.example']);
    const v1: JourneyDefinitionInput = {
      ...oneSend(),
      start: 'first',
      steps: [
        { id: 'first', kind: 'wait', mode: 'duration', minutes: DAY, next: 'second' },
        { id: 'second', kind: 'wait', mode: 'duration', minutes: DAY, next: 'hello' },
        { id: 'hello', kind: 'send', templateId: templates.welcome!, next: null },
      ],
    };
    const id = await journey('Versioned', v1);
    await enrol(id, [early]);
    await run(DAY); // Early reaches `second`
    const late = await account('Later', ['iv@later.example']);
    await enrol(id, [late]); // Later waits at `first`
    const v2: JourneyDefinitionInput = {
      ...v1,
      start: 'second',
      steps: [
        { id: 'second', kind: 'wait', mode: 'duration', minutes: DAY, next: 'hello' },
        { id: 'hello', kind: 'send', templateId: templates.other!, next: null },
      ],
    };
    const headers = (await t.as('cs_manager')).headers;
    await t.app.inject({
      method: 'PUT',
      url: `/api/journeys/${id}`,
      headers,
      payload: { name: 'Versioned', definition: v2 },
    });
    const published = await t.app.inject({ method: 'POST', url: `/api/journeys/${id}/publish`, headers });
    expect(published.json().version).toBe(2);
    const versions = Object.fromEntries((await participants(id)).map((p) => [p.accountName, [p.version, p.stepId]]));
    expect(versions).toEqual({ Early: [2, 'second'], Later: [1, 'first'] });
    await run(2 * DAY); // Early: a day at `second`, then v2's send; Later: on to v1's `second`
    expect(subjects()).toEqual(['hu@early.example other']);
    await run(3 * DAY);
    expect(subjects()).toEqual(['hu@early.example other', 'iv@later.example welcome']);
  });

  it('lets an account in again by the re-entry rule: never, after it left, after N days', async () => {
    const again = await account('Again', ['jo@again.example']);
    const never = await journey('Once', oneSend());
    expect(await enrol(never, [again])).toEqual({ enrolled: 1, skipped: 0 });
    expect(await enrol(never, [again])).toEqual({ enrolled: 0, skipped: 1 });
    const afterExit = await journey('After exit', oneSend({ reentry: 'after_exit' }));
    expect(await enrol(afterExit, [again])).toEqual({ enrolled: 1, skipped: 0 });
    expect(await enrol(afterExit, [again])).toEqual({ enrolled: 1, skipped: 0 });
    const weekly = await journey('Weekly', oneSend({ reentry: 'after_days', reentryDays: 7 }));
    expect(await enrol(weekly, [again])).toEqual({ enrolled: 1, skipped: 0 });
    now = at(6 * DAY);
    expect(await enrol(weekly, [again])).toEqual({ enrolled: 0, skipped: 1 });
    now = at(7 * DAY + 1);
    expect(await enrol(weekly, [again])).toEqual({ enrolled: 1, skipped: 0 });
    // One welcome per participation, each its own send.
    expect(smtp.mails.filter((m) => m.to.includes('jo@again.example'))).toHaveLength(5);
  });

  it('takes out whoever meets the exit criteria wherever they are, and archiving takes out the rest', async () => {
    const done = await account('Done', ['ka@done.example']);
    const still = await account('Still', ['lu@still.example']);
    const exitWhen = {
      match: 'all' as const,
      conditions: [{ field: 'attributes.activated', op: 'eq' as const, value: 'yes' }],
    };
    const id = await journey('Until activated', {
      ...oneSend({ exitWhen }),
      start: 'wait',
      steps: [
        { id: 'wait', kind: 'wait', mode: 'duration', minutes: DAY, next: 'hello' },
        { id: 'hello', kind: 'send', templateId: templates.welcome!, next: null },
      ],
    });
    await enrol(id, [done, still]);
    await t.services.accounts.update(cliActor, done, { attributes: { activated: 'yes' } });
    await run(10);
    const left = Object.fromEntries((await participants(id)).map((p) => [p.accountName, [p.status, p.leftReason]]));
    expect(left).toEqual({ Done: ['exited', 'exit_criteria'], Still: ['waiting', null] });
    // An account that already meets them is not enrolled.
    expect(await enrol(id, [done])).toEqual({ enrolled: 0, skipped: 1 });
    const headers = (await t.as('admin')).headers;
    await t.app.inject({ method: 'POST', url: `/api/journeys/${id}/archive`, headers });
    await run(2 * DAY);
    expect(smtp.mails.filter((m) => m.to.some((to) => /@(done|still)\.example$/.test(to)))).toHaveLength(0);
    const archived = (await participants(id)).find((p) => p.accountName === 'Still')!;
    expect([archived.status, archived.leftReason]).toEqual(['exited', 'archived']);
  });
});
