import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';

/**
 * Success plans through the API (docs/success-plans.md). Today is 2026-06-15 in Asia/Shanghai, so the
 * 30-day window is 2026-05-17 … 2026-06-15; every current value below is counted by hand.
 */
let t: TestApp;
let account: string;
let other: string;

beforeAll(async () => {
  t = await createTestApp({ TENURE_NOW: '2026-06-15T04:00:00Z' });
  const s = t.services;
  account = (
    await s.accounts.create(cliActor, { name: 'Acme', attributes: { seats_used: 30, label: 'gold', licences: '12.5' } })
  ).id;
  other = (await s.accounts.create(cliActor, { name: 'Other' })).id;
  await s.db
    .insertInto('event_catalogue')
    .values([
      { event: 'report_viewed', module: 'reporting' },
      { event: 'export_done', module: 'reporting' },
      { event: 'login', module: 'core' },
    ])
    .execute();
  await s.usage.recordDaily([
    { accountId: account, day: '2026-06-10', event: 'report_viewed', count: 30, users: 2 },
    { accountId: account, day: '2026-06-01', event: 'export_done', count: 15, users: 1 },
    { accountId: account, day: '2026-05-16', event: 'report_viewed', count: 100, users: 3 }, // outside the window
    { accountId: account, day: '2026-06-10', event: 'login', count: 99, users: 3 }, // another module
    { accountId: other, day: '2026-06-10', event: 'report_viewed', count: 7, users: 1 }, // another account
  ]);
  const at = new Date('2026-06-10T08:00:00Z');
  await s.db
    .insertInto('usage_user_daily')
    .values([
      { account_id: account, day: '2026-06-10', person: 'p1', events: 3, last_seen_at: at },
      { account_id: account, day: '2026-06-11', person: 'p1', events: 3, last_seen_at: at },
      { account_id: account, day: '2026-06-12', person: 'p2', events: 1, last_seen_at: at },
      { account_id: account, day: '2026-05-16', person: 'p3', events: 1, last_seen_at: at }, // outside
    ])
    .execute();
  await s.db
    .insertInto('nps_responses')
    .values([
      { account_id: account, score: 6, responded_at: '2026-06-01T00:00:00Z' },
      { account_id: account, score: 9, responded_at: '2026-06-10T00:00:00Z' },
    ])
    .execute();
});
afterAll(() => t.close());

const post = async (role: Parameters<TestApp['as']>[0], url: string, payload: unknown, method = 'POST') =>
  t.app.inject({
    method: method as 'POST',
    url,
    payload: payload as object,
    headers: { ...(await t.as(role)).headers, 'accept-language': 'en' },
  });
const get = async (role: Parameters<TestApp['as']>[0], url: string) =>
  t.app.inject({ method: 'GET', url, headers: (await t.as(role)).headers });

describe('success plans', () => {
  it('computes each target from the owners’ read models, with progress', async () => {
    const csm = t.users.csm;
    const make = async (title: string, target: unknown, extra: object = {}) => {
      const r = await post('csm', `/api/accounts/${account}/objectives`, { title, target, ...extra });
      expect(r.statusCode, r.body).toBe(201);
      return r.json();
    };
    const usage = await make(
      'Reporting adopted',
      { kind: 'module_usage', key: 'reporting', comparator: '>=', value: 60 },
      {
        ownerId: csm.id,
        dueOn: '2026-09-30',
        status: 'on_track',
        neededOutcome: 'Weekly reports replace spreadsheets',
      },
    );
    expect(usage).toMatchObject({
      current: 45,
      progress: 0.75,
      status: 'on_track',
      owner: { id: csm.id },
      dueOn: '2026-09-30',
    });
    const users = await make('Team live', { kind: 'active_users', comparator: '>=', value: 8 });
    expect(users).toMatchObject({ current: 2, progress: 0.25 });
    const seats = await make('Right-size seats', { kind: 'attribute', key: 'seats_used', comparator: '<=', value: 20 });
    expect(seats.current).toBe(30);
    expect(seats.progress).toBeCloseTo(20 / 30, 10);
    const licences = await make('Licences', { kind: 'attribute', key: 'licences', comparator: '>=', value: 25 });
    expect(licences).toMatchObject({ current: 12.5, progress: 0.5 });
    const nps = await make('Promoter', { kind: 'nps', comparator: '>=', value: 9 });
    expect(nps).toMatchObject({ current: 9, progress: 1 });
    const missing = await make('Unknown attribute', { kind: 'attribute', key: 'nope', comparator: '>=', value: 1 });
    expect(missing).toMatchObject({ current: null, progress: null });
    const free = await make('Executive sponsor named', null);
    expect(free).toMatchObject({ target: null, current: null, progress: null, status: 'not_started' });

    const task = await post('csm', `/api/objectives/${usage.id}/tasks`, { title: 'Train admins', dueOn: '2026-07-01' });
    expect(task.statusCode, task.body).toBe(201);
    const done = await post('csm', `/api/success-tasks/${task.json().id}`, { done: true }, 'PATCH');
    expect(done.json()).toMatchObject({ title: 'Train admins', done: true });

    const published = await t.services.successPlans.objectivesFor(account);
    expect(published.map((o) => [o.title, o.current, o.progress])).toEqual([
      ['Reporting adopted', 45, 0.75],
      ['Team live', 2, 0.25],
      ['Right-size seats', 30, 20 / 30],
      ['Licences', 12.5, 0.5],
      ['Promoter', 9, 1],
      ['Unknown attribute', null, null],
      ['Executive sponsor named', null, null],
    ]);
    expect(published[0]).toMatchObject({ status: 'on_track', dueOn: '2026-09-30', target: { kind: 'module_usage' } });
    expect(await t.services.successPlans.objectivesFor(other)).toEqual([]);

    const plan = await get('viewer', `/api/accounts/${account}/success-plan`);
    expect(plan.statusCode).toBe(200);
    expect(plan.json().objectives[0].tasks).toMatchObject([{ title: 'Train admins', done: true }]);

    const achieved = await post('csm', `/api/objectives/${nps.id}`, { status: 'achieved' }, 'PATCH');
    expect(achieved.json()).toMatchObject({ status: 'achieved', current: 9 });
  });

  it('refuses bad input naming the field, and lets viewers only read', async () => {
    const refused = async (url: string, payload: unknown, path: string, method = 'POST') => {
      const r = await post('csm', url, payload, method);
      expect(r.statusCode, r.body).toBe(400);
      expect(JSON.stringify(r.json())).toContain(path);
    };
    const objectives = `/api/accounts/${account}/objectives`;
    await refused(objectives, { title: '' }, 'title');
    await refused(objectives, { title: 'x', status: 'done' }, 'status');
    await refused(objectives, { title: 'x', dueOn: '2026-13-01' }, 'dueOn');
    await refused(
      objectives,
      { title: 'x', target: { kind: 'module_usage', comparator: '>=', value: 1 } },
      'target.key',
    );
    await refused(objectives, { title: 'x', target: { kind: 'nps', comparator: '>=', value: 11 } }, 'target.value');
    await refused(objectives, { title: 'x', target: { kind: 'nps', comparator: '>', value: 5 } }, 'target.comparator');
    await refused(objectives, { title: 'x', ownerId: '00000000-0000-4000-8000-000000000000' }, 'ownerId');
    await refused(objectives, { title: 'x', valuePointId: '00000000-0000-4000-8000-000000000000' }, 'valuePointId');
    const missing = await post('csm', '/api/accounts/00000000-0000-4000-8000-000000000000/objectives', { title: 'x' });
    expect(missing.statusCode).toBe(404);

    const viewer = await post('viewer', objectives, { title: 'x' });
    expect(viewer.statusCode).toBe(403);
    expect((await post('viewer', `/api/accounts/${account}/success-plan/link`, {})).statusCode).toBe(403);
    expect((await post('csm', '/api/value-points', { nameEn: 'a', nameZh: 'b' })).statusCode).toBe(403);
    expect(
      (await post('csm', '/api/success-plan-templates', { name: 'a', objectives: [{ title: 'x' }] })).statusCode,
    ).toBe(403);
  });

  it('maps needs to value points at handoff and applies the template of the account’s segment', async () => {
    const point = await post('cs_manager', '/api/value-points', {
      nameEn: 'Faster month-end reporting',
      nameZh: '更快的月末报表',
      modules: ['reporting'],
      services: ['Report workshop'],
    });
    expect(point.statusCode, point.body).toBe(201);
    const pointId = point.json().id;
    const needs = await post(
      'csm',
      `/api/accounts/${account}/value-needs`,
      { items: [{ valuePointId: pointId, note: 'CFO ask' }] },
      'PUT',
    );
    expect(needs.json()).toEqual({ items: [{ valuePointId: pointId, note: 'CFO ask' }] });
    const dup = await post(
      'csm',
      `/api/accounts/${account}/value-needs`,
      { items: [{ valuePointId: pointId }, { valuePointId: pointId }] },
      'PUT',
    );
    expect(dup.statusCode).toBe(400);

    const segment = await t.services.segments.create(cliActor, {
      name: 'Acme only',
      rules: { match: 'all', conditions: [{ field: 'attributes.label', op: 'eq', value: 'gold' }] },
    });
    const template = await post('cs_manager', '/api/success-plan-templates', {
      name: 'Standard',
      segmentId: segment.id,
      objectives: [
        {
          title: 'Reporting live',
          valuePointId: pointId,
          dueInDays: 30,
          target: { kind: 'module_usage', key: 'reporting', comparator: '>=', value: 90 },
        },
        { title: 'Kick-off done' },
      ],
    });
    expect(template.statusCode, template.body).toBe(201);
    const plan = (await get('csm', `/api/accounts/${account}/success-plan`)).json();
    expect(plan.suggestedTemplate).toEqual({ id: template.json().id, name: 'Standard' });
    expect(plan.needs).toEqual([{ valuePointId: pointId, note: 'CFO ask' }]);
    const applied = await post('csm', `/api/accounts/${account}/success-plan/apply`, {
      templateId: template.json().id,
    });
    expect(applied.json()).toEqual({ created: 2 });
    const objectives = await t.services.successPlans.objectivesFor(account);
    expect(objectives.find((o) => o.title === 'Reporting live')).toMatchObject({
      dueOn: '2026-07-15',
      valuePointId: pointId,
      current: 45,
      progress: 0.5,
    });
  });

  it('shares the plan read-only through a revocable link; an altered link fails', async () => {
    const created = await post('csm', `/api/accounts/${account}/success-plan/link`, {});
    expect(created.statusCode, created.body).toBe(201);
    const path = new URL(created.json().url).pathname;
    const page = await t.app.inject({ method: 'GET', url: `${path}?lang=en` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Success plan — Acme');
    expect(page.body).toContain('Reporting adopted');
    expect(page.body).toContain('Now: 45');
    const zh = await t.app.inject({ method: 'GET', url: path, headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    expect(zh.body).toContain('成功计划 — Acme');
    expect(zh.body).toContain('进展顺利');

    const last = path.at(-1) === 'A' ? 'B' : 'A';
    const tampered = await t.app.inject({ method: 'GET', url: `${path.slice(0, -1)}${last}` });
    expect(tampered.statusCode).toBe(404);
    // Signed: the token carries its link's id under an HMAC of the workspace's link secret, for this purpose only.
    const token = path.split('/').at(-1)!;
    const payload = await t.services.messaging.verifyLink('success-plan', token.slice('tsp_'.length));
    expect(payload?.split('.')[0]).toBe(created.json().id);
    const open = async (forged: string) =>
      (await t.app.inject({ method: 'GET', url: `/shared/plans/${forged}` })).statusCode;
    const [otherPurpose] = await t.services.messaging.signLinks('survey', [payload!]);
    expect(await open(`tsp_${otherPurpose}`)).toBe(404);
    // A validly signed token for the same link row but not the one handed out (the random part differs).
    const [resigned] = await t.services.messaging.signLinks('success-plan', [`${created.json().id}.guess`]);
    expect(await open(`tsp_${resigned}`)).toBe(404);
    expect(await open(`tsp_${'A'.repeat(43)}`)).toBe(404);
    expect((await get('csm', `/api/accounts/${account}/success-plan`)).json().link).toMatchObject({
      id: created.json().id,
    });

    // A new link revokes the one before it.
    const second = await post('csm', `/api/accounts/${account}/success-plan/link`, {});
    expect(second.statusCode, second.body).toBe(201);
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(410);
    const secondPath = new URL(second.json().url).pathname;
    expect((await t.app.inject({ method: 'GET', url: secondPath })).statusCode).toBe(200);

    const revoked = await post('csm', `/api/accounts/${account}/success-plan/link`, {}, 'DELETE');
    expect(revoked.statusCode).toBe(200);
    const gone = await t.app.inject({ method: 'GET', url: `${secondPath}?lang=en` });
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('no longer valid');
    expect((await get('csm', `/api/accounts/${account}/success-plan`)).json().link).toBeNull();
  });
});

describe('bulk plans', () => {
  it('writes many accounts’ objectives and tasks at once, read back like any plan, with one audit entry', async () => {
    const s = t.services;
    const [first, second] = [
      (await s.accounts.create(cliActor, { name: 'Bulk one' })).id,
      (await s.accounts.create(cliActor, { name: 'Bulk two' })).id,
    ];
    const owner = t.users.csm.id;
    const written = await s.successPlans.bulkCreate(cliActor, [
      {
        accountId: first,
        objectives: [
          {
            title: 'Reports weekly',
            ownerId: owner,
            dueOn: '2026-09-30',
            status: 'at_risk',
            target: { kind: 'module_usage', key: 'reporting', comparator: '>=', value: 50 },
            tasks: [
              { title: 'Build the dashboard', ownerId: owner, dueOn: '2026-07-01', done: true },
              { title: 'Train the team', ownerId: owner, dueOn: '2026-08-01' },
            ],
          },
          { title: 'Happy users', status: 'achieved', target: { kind: 'nps', comparator: '>=', value: 8 } },
        ],
      },
      { accountId: second, objectives: [{ title: 'Go live', tasks: [{ title: 'Kick-off' }] }] },
    ]);
    expect(written).toEqual({ objectives: 3, tasks: 3 });
    const plan = (await get('viewer', `/api/accounts/${first}/success-plan`)).json();
    expect(plan.objectives.map((o: { title: string }) => o.title)).toEqual(['Reports weekly', 'Happy users']);
    expect(plan.objectives[0]).toMatchObject({
      owner: { id: owner },
      dueOn: '2026-09-30',
      status: 'at_risk',
      target: { kind: 'module_usage', key: 'reporting', comparator: '>=', value: 50 },
      current: 0,
      progress: 0,
    });
    expect(plan.objectives[0].tasks.map((x: { title: string; done: boolean }) => [x.title, x.done])).toEqual([
      ['Build the dashboard', true],
      ['Train the team', false],
    ]);
    expect(plan.objectives[1]).toMatchObject({ status: 'achieved', target: { kind: 'nps', key: null }, tasks: [] });
    const other = (await get('viewer', `/api/accounts/${second}/success-plan`)).json();
    expect(other.objectives).toMatchObject([
      { title: 'Go live', status: 'not_started', tasks: [{ title: 'Kick-off' }] },
    ]);
    const audit = await s.audit.list({ entity: 'success_objective', page: 1, pageSize: 100 });
    expect(audit.items.filter((a) => a.action === 'bulk_create')).toHaveLength(1);
  });
});
