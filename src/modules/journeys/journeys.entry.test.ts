import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { startSmtpServer } from '../../../test/support/smtp.js';
import type { JourneyDefinitionInput } from '../../shared/journeys.js';
import { cliActor } from '../audit/actor.js';

/**
 * Journeys: validation on save and publish (400 naming the field in the caller's language), entry by segment
 * and by tracked event, waits for an event and a condition with their timeouts, the segment step (manual
 * members the segments module honours), and who may do what.
 */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let t: TestApp;
const START = new Date('2026-06-15T04:00:00Z');
let now = START;
let template = '';
let writeKey = '';
const at = (minutes: number) => new Date(START.getTime() + minutes * 60_000);
const to = () => smtp.mails.flatMap((m) => m.to).sort();
const step = { id: 'hello', kind: 'send' as const, templateId: '', next: null };
const oneSend = (extra: Partial<JourneyDefinitionInput> = {}): JourneyDefinitionInput => ({
  entry: { kind: 'manual' },
  start: 'hello',
  steps: [{ ...step, templateId: template }],
  ...extra,
});

async function save(definition: unknown, locale = 'en', role: 'cs_manager' | 'csm' = 'cs_manager') {
  const headers = { ...(await t.as(role)).headers, 'accept-language': locale };
  return t.app.inject({ method: 'POST', url: '/api/journeys', headers, payload: { name: 'J', definition } });
}
async function published(definition: JourneyDefinitionInput) {
  const created = await save(definition);
  expect(created.statusCode, created.body).toBe(201);
  const headers = (await t.as('admin')).headers;
  const id = created.json().id as string;
  expect((await t.app.inject({ method: 'POST', url: `/api/journeys/${id}/publish`, headers })).statusCode).toBe(200);
  return id;
}
async function account(name: string, attributes: Record<string, unknown> = {}) {
  const { id } = await t.services.accounts.create(cliActor, { name, externalId: name, attributes });
  await t.services.contacts.create(cliActor, id, { name, email: `${name}@example.com` });
  return id;
}
async function track(externalId: string, event: string) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/v1/track',
    headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
    payload: { userId: `${externalId}-user`, event, context: { groupId: externalId }, timestamp: now.toISOString() },
  });
  expect(response.statusCode, response.body).toBe(200);
  await t.processor.runNow();
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({ SMTP_URL: smtp.url, TENURE_LOCALE: 'en', TENURE_SESSION_DAYS: '365' });
  t.clock.now = () => new Date(now);
  writeKey = (await t.services.writeKeys.create(cliActor, { name: 'app' })).key;
  template = (
    await t.services.messaging.templates.create(cliActor, {
      name: 'hello',
      channel: 'email',
      messageType: 'transactional',
      content: { en: { subject: 'hello', body: 'Hello' } },
    })
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

describe('validation', () => {
  // Deliberately incomplete waits: the schema lets them through, the checks after it do not.
  const wait = (extra: Record<string, unknown>) => ({ id: 'w', kind: 'wait', next: 'hello', ...extra }) as never;
  it.each([
    [
      'an unknown next step',
      () => oneSend({ steps: [{ ...step, templateId: template, next: 'nowhere' }] }),
      'body.definition.steps.0.next',
      'There is no step “nowhere”',
      '不存在步骤“nowhere”',
    ],
    [
      'a missing start',
      () => oneSend({ start: 'nope' }),
      'body.definition.start',
      'There is no step “nope”',
      '不存在步骤“nope”',
    ],
    [
      'a step id used twice',
      () =>
        oneSend({
          steps: [
            { ...step, templateId: template },
            { ...step, templateId: template },
          ],
        }),
      'body.definition.steps.1.id',
      'is used twice',
      '重复使用',
    ],
    [
      'a cycle',
      () =>
        oneSend({
          start: 'w',
          steps: [wait({ mode: 'duration', minutes: 5 }), { ...step, templateId: template, next: 'w' }],
        }),
      'body.definition.steps.1.next',
      'cannot loop',
      '不能形成循环',
    ],
    [
      'a duration wait without minutes',
      () => oneSend({ start: 'w', steps: [wait({ mode: 'duration' }), { ...step, templateId: template }] }),
      'body.definition.steps.0.minutes',
      'minutes',
      '分钟数',
    ],
    [
      'an event wait without a timeout',
      () => oneSend({ start: 'w', steps: [wait({ mode: 'event', event: 'X' }), { ...step, templateId: template }] }),
      'body.definition.steps.0.timeoutMinutes',
      'timeout',
      '超时',
    ],
    [
      'an unknown template',
      () => oneSend({ steps: [{ ...step, templateId: '00000000-0000-4000-8000-000000000000' }] }),
      'body.definition.steps.0.templateId',
      'message template',
      '消息模板',
    ],
    [
      'an unknown segment',
      () => oneSend({ entry: { kind: 'segment', segmentId: '00000000-0000-4000-8000-000000000000' } }),
      'body.definition.entry.segmentId',
      'segment',
      '分群',
    ],
    [
      're-entry after days without days',
      () => oneSend({ reentry: 'after_days' }),
      'body.definition.reentryDays',
      'number of days',
      '天数',
    ],
  ])('refuses %s, naming the field in the caller’s language', async (_name, definition, path, en, zh) => {
    for (const [locale, text] of [
      ['en', en],
      ['zh-CN', zh],
    ] as const) {
      const response = await save(definition(), locale);
      expect(response.statusCode, response.body).toBe(400);
      const issue = response.json().error.issues[0];
      expect([issue.path, issue.message]).toEqual([path, expect.stringContaining(text)]);
    }
  });

  it('lets admins and CS managers edit, CSMs enrol but not edit, viewers only read', async () => {
    expect((await save(oneSend(), 'en', 'csm')).statusCode).toBe(403);
    const id = await published(oneSend());
    const csm = (await t.as('csm')).headers;
    expect((await t.app.inject({ method: 'POST', url: `/api/journeys/${id}/pause`, headers: csm })).statusCode).toBe(
      403,
    );
    const viewer = (await t.as('viewer')).headers;
    const enrol = {
      method: 'POST' as const,
      url: `/api/journeys/${id}/enrol`,
      payload: { accountIds: [await account('roles')] },
    };
    expect((await t.app.inject({ ...enrol, headers: viewer })).statusCode).toBe(403);
    expect((await t.app.inject({ ...enrol, headers: csm })).json()).toEqual({ enrolled: 1, skipped: 0 });
    expect((await t.app.inject({ url: `/api/journeys?status=active`, headers: viewer })).json().total).toBeGreaterThan(
      0,
    );
  });
});

describe('entry and waits', () => {
  it('enrols the accounts of a segment, and puts accounts in a segment by its segment step', async () => {
    const [gold, silver] = [await account('gold', { tier_flag: 'gold' }), await account('silver')];
    const golden = await t.services.segments.create(cliActor, {
      name: 'Gold',
      rules: { match: 'all', conditions: [{ field: 'attributes.tier_flag', op: 'eq', value: 'gold' }] },
    });
    const welcomed = await t.services.segments.create(cliActor, {
      name: 'Welcomed',
      rules: { match: 'all', conditions: [{ field: 'name', op: 'eq', value: 'nobody' }] },
    });
    await published({
      entry: { kind: 'segment', segmentId: golden.id },
      start: 'hello',
      steps: [
        { ...step, templateId: template, next: 'mark' },
        { id: 'mark', kind: 'segment', action: 'add', segmentId: welcomed.id, next: null },
      ],
    });
    expect(to()).toEqual(['gold@example.com']);
    // Manual members count everywhere segments are read: members, counts, an account's segments.
    expect(await t.services.segments.memberIds(welcomed.id)).toEqual([gold]);
    expect((await t.services.segments.get(welcomed.id)).memberCount).toBe(1);
    expect((await t.services.segments.membershipsOf(gold)).map((s) => s.name)).toEqual(['Gold', 'Welcomed']);
    await t.services.segments.setManualMembers(golden.id, [silver], true);
    await t.services.segments.setManualMembers(golden.id, [gold], false);
    expect(await t.services.segments.memberIds(golden.id)).toEqual([silver]);
    await t.services.journeys.run();
    expect(to()).toEqual(['gold@example.com', 'silver@example.com']);
  });

  it('enrols on a tracked event once, and a wait for an event moves on when it comes or at its timeout', async () => {
    const [fast, slow] = [await account('fast'), await account('slow')];
    const id = await published({
      entry: { kind: 'event', event: 'Signed Up' },
      start: 'w',
      steps: [
        {
          id: 'w',
          kind: 'wait',
          mode: 'event',
          event: 'Invited Team',
          timeoutMinutes: 60,
          next: 'hello',
          timeoutNext: null,
        },
        { ...step, templateId: template },
      ],
    });
    now = at(1);
    await track('fast', 'Signed Up');
    await track('slow', 'Signed Up');
    now = at(2); // events are read once they are a few seconds old
    await t.services.journeys.run();
    await t.services.journeys.run(); // the cursor: the same events enrol nobody twice
    expect((await t.services.journeys.participants(id, { page: 1, pageSize: 10 })).total).toBe(2);
    now = at(10);
    await track('fast', 'Invited Team');
    await t.services.journeys.run();
    expect(to()).toEqual(['fast@example.com']);
    now = at(62);
    await t.services.journeys.run();
    const left = await t.services.journeys.ofAccount(slow);
    expect(left.items.map((p) => [p.status, p.leftReason])).toEqual([['completed', 'completed']]);
    expect(to()).toEqual(['fast@example.com']);
    void fast;
  });

  it('a wait for a condition moves on once the account matches', async () => {
    const cond = await account('cond');
    const id = await published(
      oneSend({
        start: 'w',
        steps: [
          {
            id: 'w',
            kind: 'wait',
            mode: 'condition',
            rules: { match: 'all', conditions: [{ field: 'attributes.ready', op: 'eq', value: 'yes' }] },
            timeoutMinutes: 24 * 60,
            next: 'hello',
          },
          { ...step, templateId: template },
        ],
      }),
    );
    await t.app.inject({
      method: 'POST',
      url: `/api/journeys/${id}/enrol`,
      headers: (await t.as('csm')).headers,
      payload: { accountIds: [cond] },
    });
    now = at(5);
    await t.services.journeys.run();
    expect(to()).toEqual([]);
    await t.services.accounts.update(cliActor, cond, { attributes: { ready: 'yes' } });
    now = at(6);
    await t.services.journeys.run();
    expect(to()).toEqual(['cond@example.com']);
  });
});
