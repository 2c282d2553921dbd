import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';

/**
 * "Usage of a module over the last N days" (docs/lists.md) in the accounts list, segments and saved
 * views, over a hand-computed fixture. The clock stands at 2026-06-15 18:00 UTC, which is already
 * 2026-06-16 in the organisation's time zone (Asia/Shanghai): the 30-day window is 2026-05-18 …
 * 2026-06-16, both ends included. Cut in UTC it would be 2026-05-17 … 2026-06-15.
 *
 *   account  reports events (day: count)             in the 30-day window
 *   Alpha    report_viewed 05-18: 4, report_exported 06-16: 3    7 (both window edges)
 *   Bravo    report_viewed 05-17: 50; dashboard_viewed 06-10: 9  0 (a day too early; another module)
 *   Charlie  none                                                0
 *   Delta    report_viewed 06-01: 12                             12
 *   Echo     export_csv (no module) 06-10: 100                   0
 */
let t: TestApp;
let csm: Session;
const ids: Record<string, string> = {};

async function list(filters: unknown[], match: 'all' | 'any' = 'all') {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/accounts?sort=name&pageSize=100&match=${match}&filters=${encodeURIComponent(JSON.stringify(filters))}`,
    headers: csm.headers,
  });
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json() as { items: { name: string }[]; total: number };
  expect(body.total).toBe(body.items.length);
  return body.items.map((a) => a.name);
}
const reports = (days: number, op: string, value: unknown) => ({ field: `usage.reports.${days}`, op, value });

beforeAll(async () => {
  t = await createTestApp({ TENURE_NOW: '2026-06-15T18:00:00Z', TENURE_TIMEZONE: 'Asia/Shanghai' });
  csm = await t.as('csm');
  for (const name of ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']) {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      payload: { name, tier: name === 'Delta' ? 'high_touch' : 'low_touch' },
      headers: csm.headers,
    });
    ids[name] = created.json().id;
  }
  const db = t.database.db;
  await sql`insert into event_catalogue (event, module) values
    ('report_viewed', 'reports'), ('report_exported', 'reports'), ('dashboard_viewed', 'dashboards'), ('export_csv', null)`.execute(
    db,
  );
  const rows: [string, string, string, number][] = [
    ['Alpha', '2026-05-18', 'report_viewed', 4],
    ['Alpha', '2026-06-16', 'report_exported', 3],
    ['Bravo', '2026-05-17', 'report_viewed', 50],
    ['Bravo', '2026-06-10', 'dashboard_viewed', 9],
    ['Delta', '2026-06-01', 'report_viewed', 12],
    ['Echo', '2026-06-10', 'export_csv', 100],
  ];
  for (const [name, day, event, count] of rows)
    await sql`insert into usage_daily (account_id, day, event, count, users)
      values (${ids[name]}::uuid, ${day}::date, ${event}, ${count}, 1)`.execute(db);
});
afterAll(() => t.close());

/** Filters of the fixture and the accounts they list, whichever way the totals are counted. */
const EXPECTED: { name: string; filters: unknown[]; match?: 'all' | 'any'; names: string[] }[] = [
  { name: '≥ 1 in 30 days, both edges included', filters: [reports(30, 'gte', 1)], names: ['Alpha', 'Delta'] },
  { name: '= 7', filters: [reports(30, 'eq', 7)], names: ['Alpha'] },
  { name: '≥ 10', filters: [reports(30, 'gte', 10)], names: ['Delta'] },
  { name: '> 7', filters: [reports(30, 'gt', 7)], names: ['Delta'] },
  // One day more reaches Bravo's 50 on 05-17; today alone is Alpha's 3 on 06-16 (organisation day).
  { name: '31 days reach 05-17', filters: [reports(31, 'gte', 1)], names: ['Alpha', 'Bravo', 'Delta'] },
  { name: '≥ 50 in 31 days', filters: [reports(31, 'gte', 50)], names: ['Bravo'] },
  { name: 'today alone', filters: [reports(1, 'eq', 3)], names: ['Alpha'] },
  { name: '7 days', filters: [reports(7, 'gte', 1)], names: ['Alpha'] },
  { name: '90 days', filters: [reports(90, 'gte', 50)], names: ['Bravo'] },
  { name: 'another module', filters: [{ field: 'usage.dashboards.30', op: 'gte', value: 1 }], names: ['Bravo'] },
  // An account without usage counts 0, so "fewer than" and "= 0" find it.
  { name: '< 5', filters: [reports(30, 'lt', 5)], names: ['Bravo', 'Charlie', 'Echo'] },
  { name: '= 0', filters: [reports(30, 'eq', 0)], names: ['Bravo', 'Charlie', 'Echo'] },
  { name: '≤ 7', filters: [reports(30, 'lte', 7)], names: ['Alpha', 'Bravo', 'Charlie', 'Echo'] },
  { name: '≠ 7', filters: [reports(30, 'neq', 7)], names: ['Bravo', 'Charlie', 'Delta', 'Echo'] },
  { name: '≥ 0', filters: [reports(30, 'gte', 0)], names: ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'] },
  {
    name: 'AND another condition',
    filters: [reports(30, 'gte', 1), { field: 'tier', op: 'eq', value: 'low_touch' }],
    names: ['Alpha'],
  },
  {
    name: 'OR another module',
    filters: [reports(30, 'gte', 10), { field: 'usage.dashboards.30', op: 'gte', value: 1 }],
    match: 'any',
    names: ['Bravo', 'Delta'],
  },
  {
    name: 'OR a name',
    filters: [reports(30, 'eq', 0), { field: 'name', op: 'starts_with', value: 'A' }],
    match: 'any',
    names: ['Alpha', 'Bravo', 'Charlie', 'Echo'],
  },
];

async function expectFixtureLists() {
  for (const c of EXPECTED) expect(await list(c.filters, c.match), c.name).toEqual(c.names);
}

describe('module usage filter', () => {
  it('counts the module’s events over the last N days of the organisation, an account without usage as 0', async () => {
    // No refresh has run yet: every window is summed from the roll-ups.
    await expectFixtureLists();
  });

  it('selects a segment’s members, counted and listed, and shows in the account header', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/segments',
      payload: { name: 'Reporting users', rules: { match: 'all', conditions: [reports(30, 'gte', 1)] } },
      headers: csm.headers,
    });
    expect(created.statusCode, created.body).toBe(201);
    const segment = created.json();
    expect(segment.memberCount).toBe(2);
    const members = await t.app.inject({
      method: 'GET',
      url: `/api/accounts?segmentId=${segment.id}&sort=name`,
      headers: csm.headers,
    });
    expect(members.json().items.map((a: { name: string }) => a.name)).toEqual(['Alpha', 'Delta']);
    for (const [name, member] of [
      ['Alpha', true],
      ['Bravo', false],
    ] as const) {
      const summary = await t.app.inject({
        method: 'GET',
        url: `/api/accounts/${ids[name]}/summary`,
        headers: csm.headers,
      });
      expect(summary.statusCode, summary.body).toBe(200);
      expect(
        summary
          .json()
          .segments.map((s: { name: string }) => s.name)
          .includes('Reporting users'),
      ).toBe(member);
    }
  });

  it('is kept by a saved view and refused, naming the condition, when malformed', async () => {
    const saved = await t.app.inject({
      method: 'POST',
      url: '/api/views',
      payload: { page: 'accounts', name: 'Reports fans', state: { filters: [reports(30, 'gte', 10)] } },
      headers: csm.headers,
    });
    expect(saved.statusCode, saved.body).toBe(201);
    const views = await t.app.inject({ method: 'GET', url: '/api/views?page=accounts', headers: csm.headers });
    const view = views.json().items.find((v: { name: string }) => v.name === 'Reports fans');
    expect(await list(view.state.filters)).toEqual(['Delta']);

    const refused = async (condition: unknown, path: string, message: RegExp) => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/accounts?filters=${encodeURIComponent(JSON.stringify([{ field: 'name', op: 'not_empty' }, condition]))}`,
        headers: { ...csm.headers, 'accept-language': 'en' },
      });
      expect(response.statusCode, response.body).toBe(400);
      expect(JSON.stringify(response.json())).toContain(path);
      expect(JSON.stringify(response.json())).toMatch(message);
    };
    await refused(reports(0, 'gte', 1), 'filters.1.field', /not a module usage field/);
    await refused(reports(366, 'gte', 1), 'filters.1.field', /days from 1 to 365/);
    await refused({ field: 'usage.Reports.30', op: 'gte', value: 1 }, 'filters.1.field', /module usage field/);
    await refused(reports(30, 'contains', '1'), 'filters.1.op', /event count/);
    await refused(reports(30, 'is_empty', undefined), 'filters.1.op', /event count/);
    await refused(reports(30, 'gte', -1), 'filters.1.value', /whole numbers/);
    await refused(reports(30, 'gte', 2.5), 'filters.1.value', /whole numbers/);
    const badView = await t.app.inject({
      method: 'POST',
      url: '/api/views',
      payload: { page: 'accounts', name: 'Bad', state: { filters: [reports(30, 'within_days', 3)] } },
      headers: csm.headers,
    });
    expect(badView.statusCode).toBe(400);
  });
});

describe('kept totals for 7, 30 and 90 days', () => {
  const keptFor = async () =>
    (await sql<{ as_of: string }>`select as_of from usage_module_totals_state`.execute(t.database.db)).rows[0]?.as_of;
  const addUsage = (name: string, day: string, event: string, count: number) =>
    sql`insert into usage_daily (account_id, day, event, count, users) values (${ids[name]}::uuid, ${day}::date, ${event}, ${count}, 1)
      on conflict (account_id, day, event) do update set count = excluded.count`.execute(t.database.db);

  it('after the hourly refresh, lists the same accounts from the kept totals', async () => {
    await t.services.facts.refresh();
    expect(await keptFor()).toBe('2026-06-16');
    const kept = await sql<{ account_id: string; days: number; events: number }>`
      select account_id, days, events from usage_module_totals where module = 'reports' order by days, events`.execute(
      t.database.db,
    );
    expect(kept.rows.map((r) => [r.account_id, r.days, Number(r.events)])).toEqual(
      [
        [ids.Alpha, 7, 3],
        [ids.Alpha, 30, 7],
        [ids.Alpha, 90, 7],
        [ids.Delta, 30, 12],
        [ids.Delta, 90, 12],
        [ids.Bravo, 90, 50],
      ].sort((a, b) => Number(a[1]) - Number(b[1]) || Number(a[2]) - Number(b[2])),
    );
    await expectFixtureLists();
  });

  it('reads the kept totals while they are for today; the refresh for an account whose usage moved brings it in', async () => {
    await addUsage('Charlie', '2026-06-15', 'report_viewed', 20);
    // Not counted yet: the kept totals answer, and the live 31-day window already sees it.
    expect(await list([reports(30, 'gte', 10)])).toEqual(['Delta']);
    expect(await list([reports(31, 'gte', 10)])).toEqual(['Bravo', 'Charlie', 'Delta']);
    // What the data-arrival signal runs for the accounts a roll-up touched.
    await t.services.facts.refresh([ids.Charlie!]);
    expect(await list([reports(30, 'gte', 10)])).toEqual(['Charlie', 'Delta']);
    expect(await list([reports(7, 'eq', 0)])).toEqual(['Bravo', 'Delta', 'Echo']);
  });

  it('sums the roll-ups itself when the kept totals are from another day, until the next refresh', async () => {
    await sql`update usage_module_totals_state set as_of = '2026-06-15'`.execute(t.database.db);
    await addUsage('Echo', '2026-06-16', 'report_exported', 30);
    expect(await list([reports(30, 'gte', 10)])).toEqual(['Charlie', 'Delta', 'Echo']);
    await t.services.facts.refresh();
    expect(await keptFor()).toBe('2026-06-16');
    expect(await list([reports(30, 'gte', 10)])).toEqual(['Charlie', 'Delta', 'Echo']);
    await sql`delete from usage_daily where account_id = ${ids.Echo}::uuid and event = 'report_exported'`.execute(
      t.database.db,
    );
    await t.services.facts.refresh([ids.Echo!]);
    expect(await list([reports(30, 'gte', 10)])).toEqual(['Charlie', 'Delta']);
  });

  it('counts both modules again at once when an event moves from one to the other', async () => {
    const admin = await t.as('admin');
    const modules = [
      { key: 'reports', name: 'Reports', core: true },
      { key: 'dashboards', name: 'Dashboards', core: false },
    ];
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/events/modules',
      payload: { modules },
      headers: admin.headers,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const moved = await t.app.inject({
      method: 'PATCH',
      url: '/api/events/catalogue/dashboard_viewed',
      payload: { module: 'reports' },
      headers: admin.headers,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await keptFor()).toBe('2026-06-16');
    // Bravo's 9 dashboard views of 06-10 now count as Reports, and no longer as Dashboards.
    expect(await list([reports(30, 'eq', 9)])).toEqual(['Bravo']);
    expect(await list([{ field: 'usage.dashboards.30', op: 'gte', value: 1 }])).toEqual([]);
  });
});
