/**
 * A recompute with no new data changes nothing, however the days are scored: the hourly one-day
 * recompute (which reads the usage tables with constant bounds) and a many-day pass (history, the
 * demo) are one engine and must give the same snapshot for the same day. Usage here spans more
 * than the 60 days the usage measures look at, so a window that is not bounded on both sides shows.
 * Today is 2026-06-15 in UTC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';

let t: TestApp;
let accountId = '';
const days = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10))
    out.push(d);
  return out;
};

beforeAll(async () => {
  t = await createTestApp({ TENURE_TIMEZONE: 'UTC' });
  const s = t.services;
  accountId = (await s.accounts.create(cliActor, { name: 'Long history', firstPaidOn: '2025-12-01' })).id;
  const sub = await s.db
    .insertInto('subscriptions')
    .values({ account_id: accountId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await s.db
    .insertInto('subscription_versions')
    .values({
      subscription_id: sub.id,
      account_id: accountId,
      quantity: 10,
      amount_minor: 100_000,
      currency: 'CNY',
      interval: 'year',
      starts_on: '2025-12-01',
      ends_on: null,
      status: 'active',
    })
    .execute();
  // 4 active users a day from January to May 16, then 3 a day.
  await s.usage.recordDaily([
    ...days('2026-01-01', '2026-05-16').map((day) => ({ accountId, day, event: 'login', count: 4, users: 4 })),
    ...days('2026-05-17', '2026-06-15').map((day) => ({ accountId, day, event: 'login', count: 3, users: 3 })),
  ]);
  await s.health.create(cliActor, {
    name: 'Usage',
    primary: true,
    measures: [
      { type: 'usage_trend', weight: 2, bad: -40, good: 5 },
      { type: 'active_users_per_seat', weight: 1, bad: 0, good: 100 },
      { type: 'days_since_last_activity', weight: 1, bad: 10, good: 1 },
    ],
  });
});
afterAll(() => t.close());

const snapshots = (day?: string) => {
  let q = t.services.db
    .selectFrom('health_snapshots')
    .select(['scorecard_id', 'account_id', 'day', 'score', 'color', 'measure_values', 'measure_scores']);
  if (day) q = q.where('day', '=', day);
  return q.orderBy('day').orderBy('account_id').execute();
};

describe('recompute without new data', () => {
  it('measures the usage trend over the 30 days before the last 30 only, on a one-day recompute', async () => {
    await t.services.health.recompute({ asOfDay: '2026-06-15' });
    const [row] = await snapshots('2026-06-15');
    // Last 30 days (May 17 – June 15): 90 user-days; the 30 before (April 17 – May 16): 120 → −25 %.
    expect(row!.measure_values[0]).toBe(-25);
  });

  it('gives the same snapshot for a day scored alone (hourly) and within a history pass (demo, new scorecard)', async () => {
    await t.services.health.recompute({ historyDays: 5, asOfDay: '2026-06-15' });
    const history = await snapshots();
    expect(history.map((r) => r.day)).toEqual(days('2026-06-11', '2026-06-15'));
    for (const day of days('2026-06-11', '2026-06-15')) await t.services.health.recompute({ asOfDay: day });
    expect(await snapshots()).toEqual(history);
  });

  it('changes no score when recomputed twice', async () => {
    await t.services.health.recompute({ asOfDay: '2026-06-15' });
    const first = await snapshots();
    await t.services.health.recompute({ asOfDay: '2026-06-15' });
    expect(await snapshots()).toEqual(first);
  });
});
