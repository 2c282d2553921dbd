import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';
import { DEFAULT_RACI } from './raci.js';
import { createRenewalService } from './renewals.service.js';

/**
 * Today is 2026-06-15 (TENURE_NOW, Asia/Shanghai). Hand-computed renewals:
 * A annual from 2025-08-01, 1,200,000/yr → renews 2026-08-01 (47 days), ARR 1,200,000, csm, Enterprise
 * B annual from 2025-11-10, 2,400,000/yr → 2026-11-10 (148 days), ARR 2,400,000, cs_manager, Enterprise
 * C quarterly from 2026-05-01, 300,000/qtr → 2026-08-01 (47 days), ARR 1,200,000, csm, SMB
 * D annual from 2025-01-20 → 2027-01-20 (219 days): outside 180; E monthly: no renewal date.
 */
let t: TestApp;
let csm: Session;
let admin: Session;
let viewer: Session;
const id: Record<string, string> = {};
const segment: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  [csm, admin, viewer] = await Promise.all([t.as('csm'), t.as('admin'), t.as('viewer')]);
  await t.services.settings.set(cliActor, 'fx_rates', { USD: 1, CNY: 7.2 });
  const plan = [
    ['A', 'enterprise', t.users.csm.id, 'year', '2025-08-01', 1_200_000],
    ['B', 'enterprise', t.users.cs_manager.id, 'year', '2025-11-10', 2_400_000],
    ['C', 'smb', t.users.csm.id, 'quarter', '2026-05-01', 300_000],
    ['D', 'smb', t.users.csm.id, 'year', '2025-01-20', 600_000],
    ['E', 'smb', t.users.csm.id, 'month', '2026-01-01', 10_000],
  ] as const;
  for (const [name, seg, ownerId, interval, startsOn, amountMinor] of plan) {
    const account = await t.services.accounts.create(cliActor, {
      name: `Account ${name}`,
      ownerId,
      attributes: { segment: seg },
    });
    id[name] = account.id;
    await t.services.subscriptions.recordVersion(cliActor, account.id, {
      subscriptionExternalId: `sub-${name}`,
      amountMinor,
      currency: 'CNY',
      interval,
      startsOn,
    });
  }
  for (const [name, value] of [
    ['Enterprise', 'enterprise'],
    ['SMB', 'smb'],
  ]) {
    segment[name] = (
      await t.services.segments.create(cliActor, {
        name,
        rules: { match: 'all', conditions: [{ field: 'attributes.segment', op: 'eq', value }] },
      })
    ).id;
  }
});
afterAll(() => t.close());

const get = (url: string, session: Session = csm) => t.app.inject({ method: 'GET', url, headers: session.headers });
const send = (method: 'PUT' | 'POST' | 'PATCH', url: string, payload: unknown, session: Session = csm) =>
  t.app.inject({ method, url, payload: payload as object, headers: session.headers });

describe('renewal centre', () => {
  it('lists the contracts renewing in the next 90 or 180 days with ARR, owner and segment', async () => {
    const r90 = (await get('/api/renewals?days=90')).json();
    expect(r90.total).toBe(2);
    expect(r90.arrMinor).toBe(2_400_000);
    expect(
      r90.items.map((r: { accountName: string; renewsOn: string; daysLeft: number; arrMinor: number }) => [
        r.accountName,
        r.renewsOn,
        r.daysLeft,
        r.arrMinor,
      ]),
    ).toEqual([
      ['Account A', '2026-08-01', 47, 1_200_000],
      ['Account C', '2026-08-01', 47, 1_200_000],
    ]);
    expect(r90.items[0]).toMatchObject({
      ownerName: 'Test csm',
      segmentName: 'Enterprise',
      health: null,
      modelProbability: null,
      category: 'likely',
      categorySetByHand: false,
      probability: 0.75,
      probabilitySource: 'category',
      lastTouchAt: null,
    });
    expect(r90.sources).toEqual({ health: false, prediction: false });
    const r180 = (await get('/api/renewals?days=180&sort=arr&order=desc')).json();
    expect(r180.items.map((r: { accountName: string }) => r.accountName)).toEqual([
      'Account B',
      'Account A',
      'Account C',
    ]);
    expect(r180.items[0]).toMatchObject({ daysLeft: 148, arrMinor: 2_400_000, ownerName: 'Test cs_manager' });
  });

  it('filters by CSM, segment, category and search, and pages on the server', async () => {
    const names = async (query: string) =>
      (await get(`/api/renewals?days=180&${query}`)).json().items.map((r: { accountName: string }) => r.accountName);
    expect(await names(`ownerId=${t.users.cs_manager.id}`)).toEqual(['Account B']);
    expect(await names(`segmentId=${segment.SMB}`)).toEqual(['Account C']);
    expect(await names('q=account%20b')).toEqual(['Account B']);
    expect(await names('category=commit')).toEqual([]);
    const page = (await get('/api/renewals?days=180&sort=name&pageSize=2&page=2')).json();
    expect(page).toMatchObject({ total: 3, items: [{ accountName: 'Account C' }] });
    expect((await get('/api/renewals?days=400')).statusCode).toBe(400);
  });

  it('shows the last touch by a person, not system events', async () => {
    await t.services.timeline.add({ type: 'user', id: t.users.csm.id, name: 'Test csm', role: 'csm' }, id.A!, {
      type: 'call',
      subject: 'Renewal check-in',
      occurredAt: '2026-06-10T08:00:00Z',
    });
    const a = (await get('/api/renewals?days=90'))
      .json()
      .items.find((r: { accountName: string }) => r.accountName === 'Account A');
    expect(a.lastTouchAt).toBe('2026-06-10T08:00:00.000Z');
  });

  it('keeps a category set by hand, says so, and lets viewers only read', async () => {
    expect(
      (await send('PUT', `/api/renewals/${id.A}/category`, { renewsOn: '2026-08-01', category: 'commit' }, viewer))
        .statusCode,
    ).toBe(403);
    const wrong = await send('PUT', `/api/renewals/${id.A}/category`, { renewsOn: '2026-09-01', category: 'commit' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.issues[0].path).toBe('body.renewsOn');
    const bad = await send('PUT', `/api/renewals/${id.A}/category`, { renewsOn: '2026-08-01', category: 'maybe' });
    expect(bad.json().error.issues[0].path).toBe('body.category');
    expect(
      (await send('PUT', `/api/renewals/${id.A}/category`, { renewsOn: '2026-08-01', category: 'commit' })).statusCode,
    ).toBe(200);
    const a = (await get('/api/renewals?days=90&category=commit')).json().items;
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({
      accountName: 'Account A',
      category: 'commit',
      categorySetByHand: true,
      categorySetByName: 'Test csm',
      probability: 0.95,
    });
    const audit = await t.services.audit.list({ entity: 'renewal', page: 1, pageSize: 5 });
    expect(audit.total).toBeGreaterThanOrEqual(1);
  });
});

describe('forecast', () => {
  it('sums probability × ARR for 90 and 180 days by CSM and segment, with pipeline and committed', async () => {
    // A commit (0.95), B and C likely (0.75).
    const f = (await get('/api/renewals/forecast')).json();
    expect(f.modelAvailable).toBe(false);
    const [w90, w180] = f.windows;
    expect(w90).toMatchObject({
      days: 90,
      renewals: 2,
      pipelineMinor: 2_400_000,
      forecastMinor: 2_040_000,
      committedMinor: 1_200_000,
    });
    expect(w180).toMatchObject({
      days: 180,
      renewals: 3,
      pipelineMinor: 4_800_000,
      forecastMinor: 3_840_000,
      committedMinor: 1_200_000,
    });
    const owners = Object.fromEntries(
      w180.byOwner.map((g: { name: string; forecastMinor: number }) => [g.name, g.forecastMinor]),
    );
    expect(owners).toEqual({ 'Test csm': 2_040_000, 'Test cs_manager': 1_800_000 });
    const segments = Object.fromEntries(
      w180.bySegment.map((g: { name: string; forecastMinor: number }) => [g.name, g.forecastMinor]),
    );
    expect(segments).toEqual({ Enterprise: 2_940_000, SMB: 900_000 });
  });

  it('finds the fewest at-risk accounts that must turn healthy to reach a target', async () => {
    await send('PUT', `/api/renewals/${id.B}/category`, { renewsOn: '2026-11-10', category: 'at_risk' });
    await send('PUT', `/api/renewals/${id.C}/category`, { renewsOn: '2026-08-01', category: 'at_risk' });
    // 180 days: A 0.95 × 1.2M + B 0.35 × 2.4M + C 0.35 × 1.2M = 1,140,000 + 840,000 + 420,000 = 2,400,000.
    // Healthy level 0.95 (A alone); gains B 1,440,000, C 720,000.
    const one = (await get('/api/renewals/forecast/target?days=180&targetMinor=3000000')).json();
    expect(one).toMatchObject({ forecastMinor: 2_400_000, gapMinor: 600_000, healthyLevel: 0.95, reachable: true });
    expect(one.accounts.map((a: { accountName: string; gainMinor: number }) => [a.accountName, a.gainMinor])).toEqual([
      ['Account B', 1_440_000],
    ]);
    const two = (await get('/api/renewals/forecast/target?days=180&targetMinor=4000000')).json();
    expect(two.accounts.map((a: { accountName: string }) => a.accountName)).toEqual(['Account B', 'Account C']);
    expect((await get('/api/renewals/forecast/target?days=180&targetMinor=5000000')).json().reachable).toBe(false);
    expect((await get('/api/renewals/forecast/target?days=180')).json().error.issues[0].path).toBe(
      'querystring.targetMinor',
    );
  });

  it('uses the model and health when they are injected', async () => {
    const s = t.services;
    const withModel = createRenewalService({
      ...s,
      timeZone: 'Asia/Shanghai',
      baseCurrency: 'CNY',
      prediction: {
        latestForAccounts: async (ids) =>
          new Map(ids.filter((i) => i !== id.C).map((i) => [i, { probability: i === id.A ? 0.9 : 0.3 }])),
      },
      health: {
        primaryForAccounts: async (ids) =>
          new Map(
            ids.map((i) => [
              i,
              { score: i === id.C ? 20 : 80, color: i === id.C ? ('red' as const) : ('green' as const) },
            ]),
          ),
      },
    });
    // Clear the hand-set categories of B and C to see the defaults.
    await send('PUT', `/api/renewals/${id.B}/category`, { renewsOn: '2026-11-10', category: null });
    await send('PUT', `/api/renewals/${id.C}/category`, { renewsOn: '2026-08-01', category: null });
    const { items } = await withModel.upcoming({ days: 180, sort: 'name' });
    expect(
      items.map((r) => [
        r.accountName,
        r.category,
        r.categorySetByHand,
        r.probability,
        r.probabilitySource,
        r.health?.color,
      ]),
    ).toEqual([
      ['Account A', 'commit', true, 0.9, 'model', 'green'],
      ['Account B', 'at_risk', false, 0.3, 'model', 'green'],
      ['Account C', 'at_risk', false, 0.35, 'category', 'red'],
    ]);
    // 0.9 × 1.2M + 0.3 × 2.4M + 0.35 × 1.2M = 1,080,000 + 720,000 + 420,000
    expect((await withModel.forecast()).windows[1]).toMatchObject({
      forecastMinor: 2_220_000,
      sources: { model: 2, category: 1, outcome: 0 },
    });
  });
});

describe('outcomes', () => {
  it('needs a churn reason for a churn, in the caller’s language', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/renewals/${id.C}/outcome`,
      payload: { renewsOn: '2026-08-01', outcome: 'churned' },
      headers: { ...csm.headers, 'accept-language': 'zh-CN' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.issues).toEqual([{ path: 'body.churnReason', message: '流失的续签必须选择流失原因' }]);
    const other = await send('POST', `/api/renewals/${id.C}/outcome`, {
      renewsOn: '2026-08-01',
      outcome: 'churned',
      churnReason: 'other',
    });
    expect(other.json().error.issues[0].path).toBe('body.comment');
  });

  it('records outcomes with ARR, writes the timeline, and reports counts and ARR per outcome and reason', async () => {
    const churn = await send('POST', `/api/renewals/${id.C}/outcome`, {
      renewsOn: '2026-08-01',
      outcome: 'churned',
      churnReason: 'competitor',
      comment: 'Moved to a rival',
    });
    expect(churn.statusCode).toBe(200);
    expect(churn.json()).toMatchObject({
      outcome: 'churned',
      churnReason: 'competitor',
      arrMinor: 1_200_000,
      newArrMinor: 0,
      recordedBy: 'Test csm',
    });
    // D's past renewal (2026-01-20), ARR the day before: 600,000.
    const renewed = await send('POST', `/api/renewals/${id.D}/outcome`, {
      renewsOn: '2026-01-20',
      outcome: 'expanded',
      newArrMinor: 900_000,
    });
    expect(renewed.json()).toMatchObject({ arrMinor: 600_000, newArrMinor: 900_000, churnReason: null });
    expect(
      (await send('POST', `/api/renewals/${id.D}/outcome`, { renewsOn: '2026-12-01', outcome: 'renewed' })).statusCode,
    ).toBe(400);

    const timeline = await t.services.timeline.list(id.C!, { page: 1, pageSize: 5 });
    expect(timeline.items[0]).toMatchObject({
      type: 'system',
      body: 'Moved to a rival',
      data: {
        key: 'timeline.renewalOutcome',
        params: { outcome: 'churned', reason: 'competitor', renewsOn: '2026-08-01' },
      },
    });

    const report = (await get('/api/renewals/outcomes?from=2026-01-01&to=2026-12-31')).json();
    expect(report.total).toEqual({ count: 2, arrMinor: 1_800_000, newArrMinor: 900_000 });
    expect(report.byOutcome).toEqual([
      { key: 'churned', count: 1, arrMinor: 1_200_000, newArrMinor: 0 },
      { key: 'expanded', count: 1, arrMinor: 600_000, newArrMinor: 900_000 },
    ]);
    expect(report.byReason).toEqual([{ key: 'competitor', count: 1, arrMinor: 1_200_000, newArrMinor: 0 }]);
    expect((await get('/api/renewals/outcomes?from=2026-07-01&to=2026-12-31')).json().total.count).toBe(1);

    // The churned renewal now counts 0 in the forecast: 0.95 × 1.2M + 0.75 × 2.4M.
    expect((await get('/api/renewals/forecast')).json().windows[1]).toMatchObject({
      forecastMinor: 2_940_000,
      sources: { outcome: 1 },
    });
  });
});

describe('export', () => {
  it('downloads the filtered list as a CSV in the caller’s language', async () => {
    const r = await get(`/api/renewals/export?days=180&sort=name&segmentId=${segment.Enterprise}&lang=zh-CN`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    const lines = r.body.replace(/^\uFEFF/, '').split(/\r?\n/);
    expect(lines[0]).toContain('续签日');
    expect(lines[0]).toContain('ARR (CNY)');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^Account A,,2026-08-01,47,12000,,,0.95,类别默认值,确定,是,Test csm/);
  });
});

describe('responsibilities (RACI) and renewal managers', () => {
  it('shows the default RACI, lets only admins change it per segment, and refuses a matrix without one A', async () => {
    expect((await get('/api/renewals/raci')).json()).toEqual({ defaultMatrix: DEFAULT_RACI, segments: [] });
    const matrix = { ...DEFAULT_RACI, negotiation: { csm: 'A', renewal_manager: 'R' } };
    expect((await send('PUT', '/api/renewals/raci', { segmentId: segment.SMB, matrix }, csm)).statusCode).toBe(403);
    const twoA = await send(
      'PUT',
      '/api/renewals/raci',
      { segmentId: segment.SMB, matrix: { ...matrix, paperwork: { csm: 'A', sales: 'A', renewal_manager: 'R' } } },
      admin,
    );
    expect(twoA.statusCode).toBe(400);
    expect(twoA.json().error.issues[0].path).toBe('body.matrix.paperwork');
    const ok = await send('PUT', '/api/renewals/raci', { segmentId: segment.SMB, matrix }, admin);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().segments).toEqual([{ segmentId: segment.SMB, matrix }]);
    expect(ok.json().defaultMatrix).toEqual(DEFAULT_RACI);
  });

  it('shows the segment’s renewal manager on its renewals', async () => {
    expect(
      (await send('PUT', `/api/renewals/managers/${segment.Enterprise}`, { userId: t.users.sales.id }, csm)).statusCode,
    ).toBe(403);
    expect(
      (await send('PUT', `/api/renewals/managers/${segment.Enterprise}`, { userId: t.users.sales.id }, admin))
        .statusCode,
    ).toBe(200);
    const items = (await get('/api/renewals?days=180&sort=name')).json().items;
    expect(items.map((r: { renewalManagerName: string | null }) => r.renewalManagerName)).toEqual([
      'Test sales',
      'Test sales',
      null,
    ]);
  });
});
