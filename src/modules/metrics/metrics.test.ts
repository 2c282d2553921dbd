import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../../test/support/csv.js';
import { testDatabase } from '../../../test/support/db.js';
import { createClock } from '../../clock.js';
import type { Database } from '../../db/connection.js';
import { createServices, type Services } from '../../services.js';
import { cliActor } from '../audit/actor.js';

/**
 * Hand-computed cases. Each case uses a plan name of its own, and reads the report filtered to
 * that plan, so the cases share one database without touching each other.
 */
let database: Database;
let s: Services;

type Row = {
  account: string;
  sub?: string;
  amount: string;
  interval?: string;
  start: string;
  end?: string;
  status?: string;
  currency?: string;
  quantity?: number;
};

const load = (plan: string, rows: Row[]) => loadInto(s, plan, rows);

async function loadInto(services: Services, plan: string, rows: Row[]) {
  const file = writeCsv(
    rows.map((r) => ({
      account_external_id: r.account,
      subscription_external_id: r.sub ?? `${r.account}-${plan}`,
      plan,
      quantity: r.quantity ?? 1,
      amount: r.amount,
      currency: r.currency ?? 'CNY',
      interval: r.interval ?? 'month',
      starts_on: r.start,
      ends_on: r.end ?? '',
      status: r.status ?? 'active',
    })),
  );
  const report = await services.imports.importFile(cliActor, 'subscriptions', file, { locale: 'en' });
  expect(report.refused).toEqual([]);
  return report;
}

const month = async (plan: string, m: string) => (await s.metrics.mrr(m, m, { plan })).months[0];

beforeAll(async () => {
  database = await testDatabase();
  s = createServices({
    db: database.db,
    clock: createClock('2024-12-15T04:00:00Z'),
    config: { TENURE_SESSION_DAYS: 14, TENURE_CURRENCY: 'CNY', TENURE_TIMEZONE: 'Asia/Shanghai' },
  });
});
afterAll(() => database.close());

describe('MRR movements', () => {
  it('a mid-month upgrade is new business then expansion', async () => {
    await load('mid', [
      { account: 'A', amount: '1000.00', start: '2024-01-01', end: '2024-01-15' },
      { account: 'A', amount: '1500.00', start: '2024-01-15' },
    ]);
    expect(await month('mid', '2024-01')).toMatchObject({
      startingMrr: 0,
      newMrr: 100000,
      expansionMrr: 50000,
      endingMrr: 150000,
      arr: 1800000,
      customers: { new: 1, ending: 1 },
    });
    expect(await month('mid', '2024-02')).toMatchObject({
      startingMrr: 150000,
      newMrr: 0,
      expansionMrr: 0,
      endingMrr: 150000,
      customers: { starting: 1, ending: 1 },
    });
  });

  it('two subscriptions starting the same day are one new business', async () => {
    await load('same-day', [
      { account: 'B', sub: 'B-1', amount: '300', start: '2024-02-10' },
      { account: 'B', sub: 'B-2', amount: '200', start: '2024-02-10' },
    ]);
    expect(await month('same-day', '2024-02')).toMatchObject({
      newMrr: 50000,
      expansionMrr: 0,
      customers: { new: 1, ending: 1 },
    });
  });

  it('ending one of two subscriptions is contraction, not churn', async () => {
    await load('one-of-two', [
      { account: 'C', sub: 'C-1', amount: '300', start: '2024-01-01' },
      { account: 'C', sub: 'C-2', amount: '200', start: '2024-01-01', end: '2024-03-01' },
    ]);
    expect(await month('one-of-two', '2024-03')).toMatchObject({
      startingMrr: 50000,
      contractionMrr: 20000,
      churnedMrr: 0,
      endingMrr: 30000,
      customers: { churned: 0, ending: 1 },
    });
  });

  it('annual and quarterly plans are divided into months, rounded half-up per version', async () => {
    await load('terms', [
      { account: 'D', amount: '12000.00', interval: 'year', start: '2024-01-01' },
      { account: 'E', amount: '1000.00', interval: 'quarter', start: '2024-01-01' }, // 100000 / 3 = 33333.33 → 33333
      { account: 'E2', amount: '0.05', interval: 'quarter', start: '2024-01-01' }, // 5 / 3 = 1.67 → 2
      { account: 'E3', amount: '1.02', interval: 'year', start: '2024-01-01' }, // 102 / 12 = 8.5 → 9 (half-up)
    ]);
    expect((await month('terms', '2024-01')).newMrr).toBe(100000 + 33333 + 2 + 9);
    expect(
      (await s.metrics.movements('2024-01', 'new', { plan: 'terms' })).items.map((i) => [i.externalId, i.amount]),
    ).toEqual([
      ['D', 100000],
      ['E', 33333],
      ['E3', 9],
      ['E2', 2],
    ]);
  });

  it('a converting trial is new business when it converts, not before', async () => {
    await load('trial', [
      { account: 'F', amount: '500', start: '2024-01-01', end: '2024-01-15', status: 'trialing' },
      { account: 'F', amount: '500', start: '2024-01-15' },
    ]);
    const jan = await month('trial', '2024-01');
    expect(jan).toMatchObject({ newMrr: 50000, reactivationMrr: 0, customers: { new: 1, reactivated: 0 } });
    expect((await s.metrics.movements('2024-01', undefined, { plan: 'trial' })).items).toEqual([
      expect.objectContaining({ externalId: 'F', day: '2024-01-15', type: 'new', amount: 50000 }),
    ]);
  });

  it('a customer who starts and churns in the same month counts in both', async () => {
    await load('blink', [{ account: 'G', amount: '800', start: '2024-04-03', end: '2024-04-20' }]);
    expect(await month('blink', '2024-04')).toMatchObject({
      startingMrr: 0,
      newMrr: 80000,
      churnedMrr: 80000,
      endingMrr: 0,
      customers: { starting: 0, new: 1, churned: 1, ending: 0 },
    });
  });

  it('coming back after churning is reactivation, however long after', async () => {
    await load('comeback', [
      { account: 'H', sub: 'H-1', amount: '400', start: '2023-01-01', end: '2023-03-01' },
      { account: 'H', sub: 'H-2', amount: '600', start: '2024-07-01' },
    ]);
    expect(await month('comeback', '2023-03')).toMatchObject({
      churnedMrr: 40000,
      customers: { churned: 1, ending: 0 },
    });
    expect(await month('comeback', '2024-07')).toMatchObject({
      startingMrr: 0,
      newMrr: 0,
      reactivationMrr: 60000,
      endingMrr: 60000,
      customers: { new: 0, reactivated: 1, ending: 1 },
    });
  });

  it('several changes in one month on different days are each a movement', async () => {
    await load('busy', [
      { account: 'I', amount: '100', start: '2024-01-01', end: '2024-02-05' },
      { account: 'I', amount: '150', start: '2024-02-05', end: '2024-02-12' },
      { account: 'I', amount: '120', start: '2024-02-12', end: '2024-02-20' },
      { account: 'I', amount: '200', start: '2024-02-20' },
    ]);
    expect(await month('busy', '2024-02')).toMatchObject({
      startingMrr: 10000,
      expansionMrr: 5000 + 8000,
      contractionMrr: 3000,
      endingMrr: 20000,
      netNewMrr: 10000,
    });
    const days = (await s.metrics.movements('2024-02', undefined, { plan: 'busy' })).items
      .map((i) => [i.day, i.type, i.amount])
      .sort();
    expect(days).toEqual([
      ['2024-02-05', 'expansion', 5000],
      ['2024-02-12', 'contraction', 3000],
      ['2024-02-20', 'expansion', 8000],
    ]);
  });

  it('converts other currencies with the rate table, minding their minor units', async () => {
    await load('fx', [
      { account: 'J', amount: '100.00', currency: 'USD', start: '2024-05-01' }, // 10000 cents × 7.1 = 71000 fen
      { account: 'J2', amount: '1000', currency: 'JPY', start: '2024-05-01' }, // 1000 yen × 7.1 / 150 = 47.33 CNY = 4733 fen
    ]);
    expect((await month('fx', '2024-05')).newMrr).toBe(71000 + 4733);
    await s.settings.set(cliActor, 'fx_rates', { USD: 1, CNY: 7.2, JPY: 150 });
    expect((await month('fx', '2024-05')).newMrr).toBe(72000 + 4800);
  });

  it('refuses to report when a currency has no rate, rather than counting it as zero', async () => {
    await s.settings.set(cliActor, 'fx_rates', { USD: 1, CNY: 7.1 });
    await expect(s.metrics.mrr('2024-05', '2024-05', { plan: 'fx' })).rejects.toMatchObject({
      status: 422,
      code: 'missing_fx_rate',
    });
    await s.settings.set(cliActor, 'fx_rates', { USD: 1, CNY: 7.1, JPY: 150 });
  });

  it('cuts the current month in the organisation time zone', () => {
    // 17:00 UTC on 31 January is already 1 February in Shanghai.
    const at = createClock('2024-01-31T17:00:00Z');
    const shanghai = createServices({
      db: database.db,
      clock: at,
      config: { TENURE_SESSION_DAYS: 14, TENURE_TIMEZONE: 'Asia/Shanghai' },
    });
    const utc = createServices({
      db: database.db,
      clock: at,
      config: { TENURE_SESSION_DAYS: 14, TENURE_TIMEZONE: 'UTC' },
    });
    expect(shanghai.metrics.currentMonth()).toBe('2024-02');
    expect(utc.metrics.currentMonth()).toBe('2024-01');
  });

  it('returns one entry per month in the range, empty months included', async () => {
    const { months, currency } = await s.metrics.mrr('2024-02', '2024-06', { plan: 'blink' });
    expect(currency).toBe('CNY');
    expect(months.map((m) => m.month)).toEqual(['2024-02', '2024-03', '2024-04', '2024-05', '2024-06']);
    expect(months.map((m) => m.endingMrr)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('monthly summary', () => {
  // Spend is company-wide, so CAC and its kin are only computed unfiltered: this month gets a
  // database of its own.
  let own: Database;
  let s: Services;
  beforeAll(async () => {
    own = await testDatabase();
    s = createServices({
      db: own.db,
      clock: createClock('2024-12-15T04:00:00Z'),
      config: { TENURE_SESSION_DAYS: 14, TENURE_CURRENCY: 'CNY' },
    });
  });
  afterAll(() => own.close());
  const load = (plan: string, rows: Row[]) => loadInto(s, plan, rows);

  it('computes every rate of a hand-worked month', async () => {
    await load('sum', [
      { account: 'S1', amount: '1000', start: '2023-12-01', end: '2024-01-10' },
      { account: 'S2', amount: '1000', start: '2023-12-01', end: '2024-01-20' },
      { account: 'S2', amount: '500', start: '2024-01-20' },
      { account: 'S3', amount: '2000', start: '2023-12-01', end: '2024-01-05' },
      { account: 'S3', amount: '3000', start: '2024-01-05' },
      { account: 'S5', amount: '1000', start: '2024-01-15' },
    ]);
    await s.settings.set(cliActor, 'finance', { '2024-01': { salesMarketingSpendMinor: 300000, grossMargin: 0.8 } });
    const summary = await s.metrics.summary('2024-01');
    expect(summary).toMatchObject({ mrr: 450000, arr: 5400000, customers: 3 });
    expect(summary.logoChurnRate).toBeCloseTo(1 / 3, 10);
    expect(summary.grossMrrChurnRate).toBeCloseTo(0.375, 10);
    expect(summary.expansionRate).toBeCloseTo(0.25, 10);
    expect(summary.netMrrChurnRate).toBeCloseTo(0.125, 10);
    expect(summary.grr).toBeCloseTo(0.625, 10);
    expect(summary.nrr).toBeCloseTo(0.875, 10);
    expect(summary.arpa).toBe(150000);
    expect(summary.quickRatio).toBeCloseTo(200000 / 150000, 10);
    // December had no starting MRR, so the 6-month churn average is January's alone; new-customer
    // ARPA over 6 months is (400000 + 100000) / 4 customers.
    expect(summary.mrrChurnRate6m).toBeCloseTo(0.375, 10);
    expect(summary.newCustomerArpa6m).toBe(125000);
    expect(summary.ltv).toBeCloseTo((125000 * 0.8) / 0.375, 6);
    expect(summary.cac).toBe(300000);
    expect(summary.ltvToCac).toBeCloseTo((125000 * 0.8) / 0.375 / 300000, 6);
    expect(summary.cacPaybackMonths).toBeCloseTo(3, 10);
    expect(summary.averageContractValue).toBe(Math.round((450000 * 12) / 3));
    expect(summary.averageContractTermMonths).toBe(1);
    expect(summary.previousMonth).toMatchObject({ month: '2023-12', mrr: 400000, logoChurnRate: null, nrr: null });
  });

  it('shows no LTV while MRR churn is zero', async () => {
    await load('flat', [{ account: 'Z', amount: '100', start: '2023-06-01' }]);
    const summary = await s.metrics.summary('2023-08', { plan: 'flat' });
    expect(summary.grossMrrChurnRate).toBe(0);
    expect(summary.ltv).toBeNull();
  });

  it('computes trailing-12-month NRR and GRR over the customers paying at the window start', async () => {
    // Window Feb 2024 – Jan 2025 for 'sum': at 1 Feb S2 (50000), S3 (300000), S5 (100000) pay; nothing moves after.
    const summary = await s.metrics.summary('2025-01', { plan: 'sum' });
    expect(summary.cac).toBeNull();
    expect(summary.trailing12).toEqual({ startingMrr: 450000, nrr: 1, grr: 1 });
  });
});

describe('the running month', () => {
  it('is cut in the organisation time zone: the month before it is the last complete one', async () => {
    // 30 November 2024 16:30 UTC is already 1 December in Shanghai, still November in UTC.
    const at = (timeZone: string) =>
      createServices({
        db: database.db,
        clock: createClock('2024-11-30T16:30:00Z'),
        config: { TENURE_SESSION_DAYS: 14, TENURE_CURRENCY: 'CNY', TENURE_TIMEZONE: timeZone },
      }).metrics;
    const shanghai = at('Asia/Shanghai');
    expect([shanghai.currentMonth(), shanghai.lastCompleteMonth()]).toEqual(['2024-12', '2024-11']);
    expect((await shanghai.mrr('2024-10', '2024-12', { plan: 'mid' })).months.map((m) => [m.month, m.partial])).toEqual(
      [
        ['2024-10', false],
        ['2024-11', false],
        ['2024-12', true],
      ],
    );
    const utc = at('UTC');
    expect([utc.currentMonth(), utc.lastCompleteMonth()]).toEqual(['2024-11', '2024-10']);
    expect((await utc.summary('2024-11', { plan: 'mid' })).partial).toBe(true);
    expect((await utc.summary('2024-10', { plan: 'mid' })).partial).toBe(false);
  });
});

describe('cohorts', () => {
  it('follow each sign-up month: customers still paying and their MRR', async () => {
    await load('cohort', [
      { account: 'K1', amount: '1000', start: '2023-12-01', end: '2024-01-10' },
      { account: 'K2', amount: '1000', start: '2023-12-01', end: '2024-01-20' },
      { account: 'K2', amount: '500', start: '2024-01-20' },
      { account: 'K3', amount: '2000', start: '2023-12-01', end: '2024-01-05' },
      { account: 'K3', amount: '3000', start: '2024-01-05' },
      { account: 'K5', amount: '1000', start: '2024-01-15' },
    ]);
    const { cohorts } = await s.metrics.cohorts('2023-12', '2024-02', { plan: 'cohort' });
    const december = cohorts.find((c) => c.cohort === '2023-12')!;
    expect(december.size).toBe(3);
    expect(december.months.map((m) => [m.month, m.customers, m.mrr])).toEqual([
      ['2023-12', 3, 400000],
      ['2024-01', 2, 350000],
      ['2024-02', 2, 350000],
    ]);
    const january = cohorts.find((c) => c.cohort === '2024-01')!;
    expect(january.months[0]).toEqual({ month: '2024-01', customers: 1, mrr: 100000, partial: false });
  });
});
