import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/db.js';
import { createClock } from '../../clock.js';
import type { Database } from '../../db/connection.js';
import { createServices, type Services } from '../../services.js';
import { cliActor } from '../audit/actor.js';

let database: Database;
let s: Services;
const TODAY = '2026-06-15';

beforeAll(async () => {
  database = await testDatabase();
  s = createServices({
    db: database.db,
    clock: createClock(`${TODAY}T12:00:00Z`),
    config: { TENURE_SESSION_DAYS: 14, TENURE_TIMEZONE: 'UTC', TENURE_CURRENCY: 'CNY' },
  });
});
afterAll(() => database.close());

async function account(
  externalId: string,
  fields: { first_paid_on?: string; churned_on?: string; attributes?: Record<string, unknown> } = {},
) {
  const row = await database.db
    .insertInto('accounts')
    .values({
      external_id: externalId,
      name: externalId,
      first_paid_on: fields.first_paid_on ?? null,
      churned_on: fields.churned_on ?? null,
      attributes: JSON.stringify(fields.attributes ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function version(
  accountId: string,
  interval: 'month' | 'quarter' | 'year',
  startsOn: string,
  endsOn: string | null,
  amountMinor = 100_000,
  quantity = 5,
) {
  const sub = await database.db
    .insertInto('subscriptions')
    .values({ account_id: accountId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await database.db
    .insertInto('subscription_versions')
    .values({
      subscription_id: sub.id,
      account_id: accountId,
      amount_minor: amountMinor,
      quantity,
      currency: 'CNY',
      interval,
      starts_on: startsOn,
      ends_on: endsOn,
    })
    .execute();
}

const usage = (accountId: string, day: string, count: number, users = 3) =>
  database.db
    .insertInto('usage_daily')
    .values({ account_id: accountId, day, event: 'report_viewed', count, users })
    .execute();

describe('examples from history', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    // Usage history starts on 1 January 2026.
    ids.churned = await account('C1', { first_paid_on: '2025-06-01', churned_on: '2026-05-01' });
    await version(ids.churned, 'month', '2025-06-01', '2026-05-01');
    await usage(ids.churned, '2026-01-01', 5);
    await usage(ids.churned, '2026-01-20', 100, 4);
    await usage(ids.churned, '2026-04-20', 1000, 9); // after its cut-off: must not be seen
    ids.retained = await account('R1', { first_paid_on: '2025-03-10' });
    await version(ids.retained, 'month', '2025-03-10', null, 200_000, 8);
    ids.annualNoRenewal = await account('R2', { first_paid_on: '2025-09-01' });
    await version(ids.annualNoRenewal, 'year', '2025-09-01', null);
    ids.annualRenewed = await account('R3', { first_paid_on: '2025-04-01' });
    await version(ids.annualRenewed, 'year', '2025-04-01', null);
    ids.tooOld = await account('C2', { first_paid_on: '2024-01-01', churned_on: '2025-11-01' });
    ids.lapsed = await account('E1', { first_paid_on: '2025-01-01' });
    await version(ids.lapsed, 'quarter', '2025-01-01', '2026-06-01');
    ids.imported = await account('I1', { attributes: { churn_outcome: true } });
    ids.tooNew = await account('N1', { first_paid_on: '2026-04-01' });
    await version(ids.tooNew, 'month', '2026-04-01', null);
  });

  it('takes every customer at each cut-off day, labelled by churn within the horizon; imported outcomes as they are', async () => {
    // All families: the longest usage window is 60 days, so the first cut-off is 2 March or later — only 17 March.
    const examples = await s.prediction.trainingExamples(90);
    const byId = new Map(examples.map((e) => [e.account_id, e]));
    expect(byId.get(ids.churned)).toEqual({
      account_id: ids.churned,
      label: 1,
      as_of: '2026-03-17',
      outcome_on: TODAY,
    });
    // No churn date, but nothing in force since 1 June: MRR went to 0 then.
    expect(byId.get(ids.lapsed)).toEqual({ account_id: ids.lapsed, label: 1, as_of: '2026-03-17', outcome_on: TODAY });
    expect(byId.get(ids.retained)).toEqual({
      account_id: ids.retained,
      label: 0,
      as_of: '2026-03-17',
      outcome_on: TODAY,
    });
    // Yearly contracts: customers on 17 March, still customers today, renewed or not.
    expect(byId.get(ids.annualRenewed)).toMatchObject({ label: 0, as_of: '2026-03-17' });
    expect(byId.get(ids.annualNoRenewal)).toMatchObject({ label: 0, as_of: '2026-03-17' });
    expect(byId.get(ids.imported)).toEqual({ account_id: ids.imported, label: 1, as_of: TODAY, outcome_on: null });
    // Gone before the cut-off (C2), not a customer yet at it (N1).
    for (const key of ['tooOld', 'tooNew']) expect(byId.has(ids[key])).toBe(false);
    expect(examples).toHaveLength(6);
  });

  it('reaches back before the usage history with features that read no usage', async () => {
    const examples = (await s.prediction.trainingExamples(90, ['tenure_days'])).filter(
      (e) => e.account_id === ids.tooOld,
    );
    // C2 (no subscription records) churned on 1 November 2025: churned within 90 days of the cut-offs from 3 August on.
    expect(examples.map((e) => [e.as_of, e.label])).toEqual([
      ['2025-04-21', 0],
      ['2025-05-21', 0],
      ['2025-06-20', 0],
      ['2025-07-20', 0],
      ['2025-08-19', 1],
      ['2025-09-18', 1],
      ['2025-10-18', 1],
    ]);
  });

  it('computes features only from what was known on the cut-off day', async () => {
    const rows = await s.prediction.featureRows(
      [
        { account_id: ids.churned, as_of: '2026-01-31' },
        { account_id: ids.retained, as_of: '2026-03-17' },
      ],
      ['usage', 'activity_trend', 'tenure_days', 'mrr', 'seats'],
    );
    expect(rows.get(`${ids.churned}|2026-01-31`)!.events_30d).toBeCloseTo(Math.log(1 + 100), 10);
    expect(rows.get(`${ids.churned}|2026-01-31`)!.active_users_30d).toBe(4);
    // 100 events in the last 30 days against 5 in the 30 before.
    expect(rows.get(`${ids.churned}|2026-01-31`)!.activity_trend).toBeCloseTo(Math.log(101 / 6), 10);
    expect(rows.get(`${ids.churned}|2026-01-31`)!.tenure_days).toBe(244);
    // ¥1,000.00 a month, 5 seats; ¥2,000.00 and 8 seats.
    expect(rows.get(`${ids.churned}|2026-01-31`)!.mrr).toBeCloseTo(Math.log(1 + 1000), 10);
    expect(rows.get(`${ids.retained}|2026-03-17`)).toMatchObject({ events_30d: 0, seats: 8, tenure_days: 372 });
    expect(rows.get(`${ids.retained}|2026-03-17`)!.mrr).toBeCloseTo(Math.log(1 + 2000), 10);
  });
});
