import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';

/**
 * Peer benchmark over a hand-computed fixture (docs/benchmarks.md). "Me" is a Retail account of 120
 * people; its Retail peers (industry compared without case or spaces, the deleted and other industries
 * left out):
 *
 *   account  employees  health  active users  NPS  Reports events (30 days)
 *   Me       120        60      10            —    30
 *   P1       60         40      5             9    10
 *   P2       199        50      5             10   30
 *   P3       —          60      20            8    50
 *   P4       —          70      —             7    —
 *   P5       —          80      —             6    —
 *   P6       —          —       —             9    —     (industry " retail ")
 *   Gone     —          10      1             0    99    (Retail, deleted)
 *   Other    150        99      50            10   99    (Finance)
 *
 * Health: 5 peers, 2 below and 1 level with 60 → percentile (2 + ½) / 5 = 50; average 60, median 60.
 * Active users: 3 peers — fewer than 5, hidden. NPS: 6 peers, average 49/6, median 8.5, no figure of
 * Me's own so no percentile. Reports: 6 peers (none counts 0): 10, 30, 50, 0, 0, 0 → 4 below, 1 level →
 * 4.5 / 6 = 75; average 15, median 5.
 */
let t: TestApp;
let csm: Session;
const ids: Record<string, string> = {};

const ACCOUNTS: [string, string | null, number | null][] = [
  ['Me', 'Retail', 120],
  ['P1', 'Retail', 60],
  ['P2', 'Retail', 199],
  ['P3', 'Retail', null],
  ['P4', 'Retail', null],
  ['P5', 'Retail', null],
  ['P6', ' retail ', null],
  ['Gone', 'Retail', null],
  ['Other', 'Finance', 150],
  ['Blank', null, null],
];
const FACTS: Record<string, [number | null, number | null, number | null]> = {
  Me: [60, 10, null],
  P1: [40, 5, 9],
  P2: [50, 5, 10],
  P3: [60, 20, 8],
  P4: [70, null, 7],
  P5: [80, null, 6],
  P6: [null, null, 9],
  Gone: [10, 1, 0],
  Other: [99, 50, 10],
};
const REPORTS: Record<string, number> = { Me: 30, P1: 10, P2: 30, P3: 50, Gone: 99, Other: 99 };

async function benchmark(name: string, group?: string, language = 'en') {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/accounts/${ids[name] ?? name}/benchmark${group ? `?group=${group}` : ''}`,
    headers: { ...csm.headers, 'accept-language': language },
  });
  return response;
}

beforeAll(async () => {
  t = await createTestApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC' });
  csm = await t.as('csm');
  const admin = await t.as('admin');
  for (const [name, industry, employees] of ACCOUNTS) {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      payload: { name, industry, employees, tier: name === 'Me' ? 'high_touch' : 'low_touch' },
      headers: csm.headers,
    });
    expect(created.statusCode, created.body).toBe(201);
    ids[name] = created.json().id;
  }
  const modules = [
    { key: 'reports', name: 'Reports', core: true },
    { key: 'alerts', name: 'Alerts', core: false },
  ];
  const saved = await t.app.inject({
    method: 'PUT',
    url: '/api/events/modules',
    payload: { modules },
    headers: admin.headers,
  });
  expect(saved.statusCode, saved.body).toBe(200);
  const db = t.database.db;
  await sql`insert into event_catalogue (event, module) values ('report_viewed', 'reports')`.execute(db);
  for (const [name, count] of Object.entries(REPORTS))
    await sql`insert into usage_daily (account_id, day, event, count, users)
      values (${ids[name]}::uuid, '2026-06-10', 'report_viewed', ${count}, 1)`.execute(db);
  await t.services.usage.refreshModuleTotals();
  // The figures other modules keep in account_facts (health, usage, surveys), set as their refresh would.
  for (const [name, [health, users, nps]] of Object.entries(FACTS))
    await sql`update account_facts set health_score = ${health}, active_users_30d = ${users}, latest_nps = ${nps}
      where account_id = ${ids[name]}::uuid`.execute(db);
  const gone = await t.app.inject({ method: 'DELETE', url: `/api/accounts/${ids.Gone}`, headers: admin.headers });
  expect(gone.statusCode, gone.body).toBe(200);
});
afterAll(() => t.close());

describe('peer benchmark', () => {
  it('ranks the account among its industry, hiding figures fewer than five peers have', async () => {
    const response = await benchmark('Me', 'industry');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      group: 'industry',
      groupValue: 'Retail',
      comparable: true,
      groupSize: 6,
      minimumPeers: 5,
    });
    const byKey = Object.fromEntries(
      body.metrics.map((m: { metric: string; module: { key: string } | null }) => [m.module?.key ?? m.metric, m]),
    );
    expect(
      body.metrics.map((m: { metric: string; module: { key: string } | null }) => m.module?.key ?? m.metric),
    ).toEqual(['health_score', 'active_users_30d', 'latest_nps', 'reports', 'alerts']);
    expect(byKey.health_score).toEqual({
      metric: 'health_score',
      module: null,
      value: 60,
      peers: 5,
      average: 60,
      median: 60,
      percentile: 50,
    });
    expect(byKey.active_users_30d).toEqual({
      metric: 'active_users_30d',
      module: null,
      value: 10,
      peers: 3,
      average: null,
      median: null,
      percentile: null,
    });
    expect(byKey.latest_nps.value).toBeNull();
    expect(byKey.latest_nps.peers).toBe(6);
    expect(byKey.latest_nps.average).toBeCloseTo(49 / 6, 10);
    expect(byKey.latest_nps.median).toBe(8.5);
    expect(byKey.latest_nps.percentile).toBeNull();
    expect(byKey.reports).toEqual({
      metric: 'module_events_30d',
      module: { key: 'reports', name: 'Reports' },
      value: 30,
      peers: 6,
      average: 15,
      median: 5,
      percentile: 75,
    });
    // Nobody used Alerts: every peer counts 0, level with the account.
    expect(byKey.alerts).toMatchObject({ value: 0, peers: 6, average: 0, median: 0, percentile: 50 });
  });

  it('compares by size band, by tier and with everyone', async () => {
    // 50–199 people: P1 (60), P2 (199) and Other (150) — three peers, so every figure is hidden.
    const size = (await benchmark('Me', 'size')).json();
    expect(size).toMatchObject({ groupValue: '50-199', comparable: true, groupSize: 3 });
    expect(size.metrics.every((m: { percentile: number | null }) => m.percentile === null)).toBe(true);
    // Me alone is high touch.
    const tier = (await benchmark('Me', 'tier')).json();
    expect(tier).toMatchObject({ groupValue: 'high_touch', groupSize: 0 });
    // Everyone live: P1–P6, Other and Blank. Health: 40, 50, 60, 70, 80, 99 → 2 below, 1 level of 6 → 42.
    const all = (await benchmark('Me', 'all')).json();
    expect(all).toMatchObject({ groupValue: null, groupSize: 8 });
    expect(all.metrics[0]).toMatchObject({ metric: 'health_score', peers: 6, percentile: 42 });
    // The default group is the industry.
    expect((await benchmark('Me')).json().group).toBe('industry');
  });

  it('says when the account cannot be compared, and refuses a bad group or an unknown account', async () => {
    const blank = (await benchmark('Blank', 'industry')).json();
    expect(blank).toEqual({
      group: 'industry',
      groupValue: null,
      comparable: false,
      groupSize: 0,
      minimumPeers: 5,
      metrics: [],
    });
    const bad = await benchmark('Me', 'country', 'zh-CN');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('group');
    expect((await benchmark('00000000-0000-4000-8000-000000000000', 'all')).statusCode).toBe(404);
    expect((await benchmark('Gone', 'all')).statusCode).toBe(404);
  });
});
