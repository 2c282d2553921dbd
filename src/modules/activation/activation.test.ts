import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';
import { flattensAt, shareBuckets, topTenth } from './curves.js';

/**
 * Activation over a hand-computed fixture (docs/activation.md). Today is 2026-06-15 (UTC); the key behaviour
 * is `report_created` twice.
 *
 *   cohort   account  start                       key events (day: count)   reached on day
 *   2026-03  A1       paid 03-01                  0:1, 5:1                  5
 *            A2       paid 03-10                  0:3                       0
 *            A3       paid 03-20                  20:2 (and 10 other events) 20
 *            A4       paid 03-31 (youngest, 76 d)  2:1                       never
 *            Gone     paid 03-05, deleted          0:9                       —
 *   2026-05  B1       paid 05-01                  3:2                       3
 *            B2       subscription from 05-20 (26 d) —                     never
 *   2026-06  C1       created 06-01 (14 d)         —                         never
 *   2024-01  Old      paid 2024-01-01 (outside the 12 months)
 *
 * 2026-03: 4 accounts, days 0 … 76, reached 1 (d0–4), 2 (d5–19), 3 (d20–76): flat from day 20.
 * 2026-05: 2 accounts, days 0 … 26, reached 0 (d0–2), 1 (d3–26): flat from day 3.
 * 2026-06: 1 account, days 0 … 14, never reached: no flattening.
 *
 * The 90-day onboarding rule (paid at least 90 days ago, i.e. on or before 03-17; key event twice by day 90):
 *   A1 (d5), A2 (d0), Old (d0), R1 (2023-01-01, d10)            reached, still customers
 *   R5 (2023-02-01, d0), churned                                   reached, churned
 *   R2 (2023-01-01, twice on d100: too late), churned; R3 (2023-02-01, none), churned
 *   R4 (2023-02-01, once on d3: not enough), still a customer      missed
 *   A3, A4, B1 … (paid after 03-17), Gone (deleted), X/W/Y/Z (never paid): not counted
 *   → reached 5, 4 retained (0.8); missed 3, 1 retained (1/3)
 *
 * The 90/10 view, events per person over the 90 days up to today (day > 03-17):
 *   X  12 people: 50, 30, ten of 2 (and 1,000 on 03-17, outside) → top 2 → 80 / 100 = 0.8
 *   W  11 people: 10, 10, 10, eight of 1 → top 2 (ties: any two of the tens) → 20 / 38
 *   Y  10 people, 5 each → top 1 → 5 / 50 = 0.1
 *   Z  3 people: 10, 5, 5 → top 1 → 10 / 20 = 0.5, fewer than 10 people: its own figure only
 */
let t: TestApp;
let csm: Session;
const ids: Record<string, string> = {};

async function account(name: string, firstPaidOn?: string) {
  ids[name] = (await t.services.accounts.create(cliActor, { name, firstPaidOn })).id;
  return ids[name];
}
async function keyEvents(name: string, start: string, days: Record<number, number>, event = 'report_created') {
  for (const [d, count] of Object.entries(days))
    await sql`insert into usage_daily (account_id, day, event, count, users)
      values (${ids[name]}::uuid, ${start}::date + ${Number(d)}::int, ${event}, ${count}, 1)`.execute(t.database.db);
}
async function people(name: string, events: number[], day = '2026-06-10') {
  if (!ids[name]) await account(name);
  for (const [i, n] of events.entries())
    await sql`insert into usage_user_daily (account_id, day, person, events, last_seen_at)
      values (${ids[name]}::uuid, ${day}, ${`p${i}`}, ${n}, ${`${day}T10:00:00Z`})
      on conflict (account_id, day, person) do update set events = excluded.events`.execute(t.database.db);
}
async function get(url: string, language = 'en') {
  return t.app.inject({ method: 'GET', url, headers: { ...csm.headers, 'accept-language': language } });
}

beforeAll(async () => {
  t = await createTestApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC' });
  csm = await t.as('csm');
  const db = t.database.db;
  await account('A1', '2026-03-01');
  await account('A2', '2026-03-10');
  await account('A3', '2026-03-20');
  await account('A4', '2026-03-31');
  await account('Gone', '2026-03-05');
  await account('B1', '2026-05-01');
  await account('B2');
  await account('C1');
  await account('Old', '2024-01-01');
  await keyEvents('A1', '2026-03-01', { 0: 1, 5: 1 });
  await keyEvents('A2', '2026-03-10', { 0: 3 });
  await keyEvents('A3', '2026-03-20', { 20: 2 });
  await keyEvents('A3', '2026-03-20', { 1: 10 }, 'other_event');
  await keyEvents('A4', '2026-03-31', { 2: 1 });
  await keyEvents('Gone', '2026-03-05', { 0: 9 });
  await keyEvents('B1', '2026-05-01', { 3: 2 });
  await keyEvents('Old', '2024-01-01', { 0: 5 });
  // The 90-day rule's own accounts start in 2023, before every cohort the curves are asked for.
  for (const [name, paid] of [
    ['R1', '2023-01-01'],
    ['R2', '2023-01-01'],
    ['R3', '2023-02-01'],
    ['R4', '2023-02-01'],
    ['R5', '2023-02-01'],
  ])
    await account(name, paid);
  await keyEvents('R1', '2023-01-01', { 10: 2 });
  await keyEvents('R2', '2023-01-01', { 100: 2 });
  await keyEvents('R4', '2023-02-01', { 3: 1 });
  await keyEvents('R5', '2023-02-01', { 0: 2 });
  await sql`update accounts set churned_on = '2023-09-01' where name in ('R2', 'R3', 'R5')`.execute(db);
  const { rows } = await sql<{
    id: string;
  }>`insert into subscriptions (account_id) values (${ids.B2}::uuid) returning id`.execute(db);
  await sql`insert into subscription_versions (subscription_id, account_id, amount_minor, currency, interval, starts_on)
    values (${rows[0].id}::uuid, ${ids.B2}::uuid, 1000, 'CNY', 'month', '2026-05-20')`.execute(db);
  await sql`update accounts set created_at = '2026-06-01T10:00:00Z' where id = ${ids.C1}::uuid`.execute(db);
  await sql`update accounts set created_at = '2026-01-01T10:00:00Z' where id <> ${ids.C1}::uuid`.execute(db);
  await sql`update accounts set deleted_at = now() where id = ${ids.Gone}::uuid`.execute(db);
  await t.services.settings.set(cliActor, 'key_behaviour', { event: 'report_created', perWeek: 2 });

  await people('X', [50, 30, ...Array(10).fill(2)]);
  await people('X', [1000], '2026-03-17');
  await people('W', [10, 10, 10, ...Array(8).fill(1)]);
  await people('Y', Array(10).fill(5));
  await people('Z', [10, 5, 5]);
  // The 90/10 accounts started long ago, outside every cohort asked for here.
  await sql`update accounts set created_at = '2020-01-01T00:00:00Z' where name in ('X', 'W', 'Y', 'Z')`.execute(db);
});
afterAll(() => t.close());

const runs = (from: number, to: number, value: number) => Array(to - from + 1).fill(value);

describe('activation cohorts', () => {
  it('gives each signup month the share reaching the key behaviour by day N, up to its youngest account’s age', async () => {
    const response = await get('/api/activation/cohorts');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.keyBehaviour).toEqual({ event: 'report_created', times: 2 });
    expect(body.today).toBe('2026-06-15');
    expect(body.cohorts.map((c: { month: string }) => c.month)).toEqual(['2026-03', '2026-05', '2026-06']);
    const [march, may, june] = body.cohorts;
    expect(march).toMatchObject({ accounts: 4, days: 76, flattensAt: 20 });
    expect(march.reached).toEqual([...runs(0, 4, 1), ...runs(5, 19, 2), ...runs(20, 76, 3)]);
    expect(march.shares[0]).toBe(0.25);
    expect(march.shares[76]).toBe(0.75);
    expect(may).toMatchObject({ accounts: 2, days: 26, flattensAt: 3 });
    expect(may.reached).toEqual([...runs(0, 2, 0), ...runs(3, 26, 1)]);
    expect(june).toMatchObject({ accounts: 1, days: 14, flattensAt: null, reached: runs(0, 14, 0) });
  });

  it('cuts curves at a shorter horizon and takes older cohorts on request', async () => {
    const body = (await get('/api/activation/cohorts?horizon=14&months=36')).json();
    expect(body.cohorts.map((c: { month: string }) => c.month)).toEqual(['2024-01', '2026-03', '2026-05', '2026-06']);
    expect(body.cohorts[0]).toMatchObject({ accounts: 1, days: 14, reached: runs(0, 14, 1) });
    expect(body.cohorts[1]).toMatchObject({ days: 14, reached: [...runs(0, 4, 1), ...runs(5, 14, 2)] });
    const bad = await get('/api/activation/cohorts?horizon=400', 'zh-CN');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('horizon');
  });

  it('has no curves without a key behaviour', async () => {
    await t.services.settings.set(cliActor, 'key_behaviour', null);
    try {
      expect((await get('/api/activation/cohorts')).json()).toMatchObject({ keyBehaviour: null, cohorts: [] });
    } finally {
      await t.services.settings.set(cliActor, 'key_behaviour', { event: 'report_created', perWeek: 2 });
    }
  });
});

describe('the 90-day onboarding rule', () => {
  it('gives the retention of paying accounts that reached the key behaviour in their first 90 days, and of those that missed it', async () => {
    const response = await get('/api/activation/retention');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      keyBehaviour: { event: 'report_created', times: 2 },
      days: 90,
      activated: { accounts: 5, retained: 4, share: 0.8 },
      missed: { accounts: 3, retained: 1, share: 1 / 3 },
    });
  });

  it('has no groups without a key behaviour', async () => {
    await t.services.settings.set(cliActor, 'key_behaviour', null);
    try {
      expect((await get('/api/activation/retention')).json()).toMatchObject({
        keyBehaviour: null,
        activated: { accounts: 0, share: null },
        missed: { accounts: 0, share: null },
      });
    } finally {
      await t.services.settings.set(cliActor, 'key_behaviour', { event: 'report_created', perWeek: 2 });
    }
  });
});

describe('where a curve flattens', () => {
  it('is the start of the last stretch gaining under 2 points in every 14 days', () => {
    expect(flattensAt([...runs(0, 4, 1), ...runs(5, 19, 2), ...runs(20, 76, 3)], 4)).toBe(20);
    // 1 of 100 in 14 days is under 2 points: flat from day 1 (day 0 is still at zero).
    expect(flattensAt([0, ...runs(1, 10, 10), ...runs(11, 30, 11)], 100)).toBe(1);
    // 2 of 100 is not.
    expect(flattensAt([0, ...runs(1, 10, 10), ...runs(11, 30, 12)], 100)).toBe(11);
    expect(flattensAt(runs(0, 30, 0), 3)).toBeNull();
    expect(flattensAt(runs(0, 13, 1), 3)).toBeNull(); // too short to look 14 days ahead
    expect(flattensAt([...runs(0, 20, 1), 2], 3)).toBeNull(); // still climbing at the end
  });
});

describe('the 90/10 view', () => {
  it('takes the top tenth of people (ceil), ties included, and lists the most concentrated accounts', async () => {
    expect([1, 9, 10, 11, 12, 20, 21].map(topTenth)).toEqual([1, 1, 1, 2, 2, 2, 3]);
    const response = await get('/api/activation/concentration');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ days: 90, minimumUsers: 10, accounts: 3 });
    expect(body.median).toBeCloseTo(20 / 38, 10);
    expect(body.mostConcentrated.map((a: { name: string }) => a.name)).toEqual(['X', 'W', 'Y']);
    expect(body.mostConcentrated[0]).toMatchObject({ users: 12, topUsers: 2, events: 100, topEvents: 80, share: 0.8 });
    expect(body.mostConcentrated[1]).toMatchObject({ users: 11, topUsers: 2, events: 38, topEvents: 20 });
    expect(body.mostConcentrated[2]).toMatchObject({ users: 10, topUsers: 1, events: 50, topEvents: 5, share: 0.1 });
    const counts = body.buckets.map((b: { accounts: number }) => b.accounts);
    expect(counts).toEqual([1, 0, 0, 0, 1, 0, 0, 1, 0]);
    expect(shareBuckets([1, 0.1, 0.999])).toEqual(expect.arrayContaining([{ from: 0.9, to: 1, accounts: 2 }]));
  });

  it('gives one account’s figure, fewer than ten people too, and 404 for an unknown account', async () => {
    expect((await get(`/api/accounts/${ids.Z}/concentration`)).json()).toEqual({
      users: 3,
      topUsers: 1,
      events: 20,
      topEvents: 10,
      share: 0.5,
    });
    expect((await get(`/api/accounts/${ids.A1}/concentration`)).json()).toEqual({
      users: 0,
      topUsers: 0,
      events: 0,
      topEvents: 0,
      share: null,
    });
    expect((await get('/api/accounts/00000000-0000-4000-8000-000000000000/concentration')).statusCode).toBe(404);
  });
});
