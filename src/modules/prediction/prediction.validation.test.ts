import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/db.js';
import { createClock } from '../../clock.js';
import type { Database } from '../../db/connection.js';
import { createServices, type Services } from '../../services.js';
import { cliActor } from '../audit/actor.js';
import { Rng } from '../../shared/stats.js';

/**
 * Issue 10 point 6: examples of both classes from the same cut-off days (a), feature windows inside
 * the usage history (b), no current-state features on past cut-offs (c), the AUC's uncertainty and
 * a verdict (d), and account columns as features (e).
 */
const TODAY = '2026-06-15';
const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function open() {
  const database = await testDatabase();
  const services = createServices({
    db: database.db,
    clock: createClock(`${TODAY}T12:00:00Z`),
    config: { TENURE_SESSION_DAYS: 14, TENURE_TIMEZONE: 'UTC', TENURE_CURRENCY: 'CNY' },
  });
  return { database, services };
}

/**
 * `count` monthly customers paying since `since`; a seeded share churns on a day between
 * `churnFrom` and today (churned_on, lifecycle stage "churned", its version ended then). Weekly
 * usage rows from `usageFrom`: busy accounts log 20 events, and an account logs 1 in the 120 days
 * before its churn — a signal the model can find. A seeded tenth of the retained customers are
 * quiet too, in their last 120 days before today, so the signal is strong but not perfect (a
 * perfect one leaves the AUC's interval no width).
 */
async function customers(
  db: Database['db'],
  {
    count,
    since,
    churnFrom,
    usageFrom,
    seed,
  }: { count: number; since: string; churnFrom: string; usageFrom: string; seed: number },
) {
  const rng = new Rng(seed);
  const span = (Date.parse(TODAY) - Date.parse(churnFrom)) / 86_400_000;
  const rows = Array.from({ length: count }, (_, i) => {
    const churnOn = rng.next() < 0.45 ? addDays(churnFrom, Math.floor(rng.next() * span)) : null;
    const quiet = !churnOn && rng.next() < 0.1;
    return {
      external_id: `A-${seed}-${i}`,
      name: `A-${i}`,
      first_paid_on: since,
      churned_on: churnOn,
      lifecycle_stage: churnOn ? ('churned' as const) : ('adoption' as const),
      attributes: JSON.stringify(churnOn ? { status: 'lost' } : { status: 'live', ...(quiet ? { quiet: true } : {}) }),
    };
  });
  const accounts = await db.insertInto('accounts').values(rows).returning(['id', 'churned_on']).execute();
  const subs = await db
    .insertInto('subscriptions')
    .values(accounts.map((a) => ({ account_id: a.id })))
    .returning(['id', 'account_id'])
    .execute();
  const churnOf = new Map(accounts.map((a) => [a.id, a.churned_on]));
  await db
    .insertInto('subscription_versions')
    .values(
      subs.map((s) => ({
        subscription_id: s.id,
        account_id: s.account_id,
        amount_minor: 100_000,
        quantity: 5,
        currency: 'CNY',
        interval: 'month' as const,
        starts_on: since,
        ends_on: churnOf.get(s.account_id) ?? null,
      })),
    )
    .execute();
  await sql`insert into usage_daily (account_id, day, event, count, users)
    select a.id, d::date, 'report_viewed', case when a.churned_on is not null and d::date > a.churned_on - 120 then 1
      when a.attributes->>'quiet' = 'true' and d::date > ${TODAY}::date - 120 then 1 else 20 end, 3
    from accounts a cross join generate_series(${usageFrom}::date, ${TODAY}::date, interval '7 days') d
    where a.external_id like ${`A-${seed}-%`} and (a.churned_on is null or d::date < a.churned_on)`.execute(db);
  return accounts;
}

describe('examples over shared cut-off days (a) with validation and its uncertainty (d)', () => {
  let database: Database;
  let s: Services;
  beforeAll(async () => {
    ({ database, services: s } = await open());
    await customers(database.db, {
      count: 240,
      since: '2024-06-01',
      churnFrom: '2025-03-01',
      usageFrom: '2024-06-01',
      seed: 3,
    });
  }, 60_000);
  afterAll(() => database.close());

  it('takes every customer at each cut-off day, churned or not, labelled by churn within the horizon', async () => {
    const examples = await s.prediction.trainingExamples(90, ['usage']);
    const daysOf = (label: number) => new Set(examples.filter((e) => e.label === label).map((e) => e.as_of));
    // Both classes come from the same days: the day says nothing about the label.
    expect([...daysOf(1)].sort()).toEqual([...daysOf(0)].sort());
    expect(daysOf(0).size).toBeGreaterThan(3);
    for (const e of examples) expect(e.outcome_on).toBe(addDays(e.as_of, 90));
    // An account is an example at every cut-off it was a customer on.
    const perAccount = new Map<string, number>();
    for (const e of examples) perAccount.set(e.account_id, (perAccount.get(e.account_id) ?? 0) + 1);
    expect(Math.max(...perAccount.values())).toBeGreaterThan(1);
    // The label is "churned within 90 days after the cut-off", checked against the accounts themselves.
    const churn = new Map(
      (await database.db.selectFrom('accounts').select(['id', 'churned_on']).execute()).map((a) => [
        a.id,
        a.churned_on,
      ]),
    );
    for (const e of examples) {
      const on = churn.get(e.account_id);
      expect(on === null || on! > e.as_of).toBe(true);
      expect(e.label).toBe(on !== null && on! <= addDays(e.as_of, 90) ? 1 : 0);
    }
  });

  it('validates on the latest cut-offs, training only on outcomes known by then, and reports the AUC with its interval', async () => {
    const result = await s.prediction.train({ features: ['usage'], horizonDays: 90 }, cliActor);
    expect(result.validation).toBe('time');
    expect(result.folds).toHaveLength(1);
    expect(result.cutoffs).toContain(result.splitOn);
    expect(result.aucInterval).not.toBeNull();
    expect(result.aucInterval!.low).toBeLessThanOrEqual(result.auc);
    expect(result.aucInterval!.high).toBeGreaterThanOrEqual(result.auc);
    expect(result.aucInterval!.high).toBeGreaterThan(result.aucInterval!.low);
    expect(result.auc).toBeGreaterThan(0.7);
    expect(result.verdict).toBe('predictive');
    const model = (await s.prediction.latestModel())!;
    expect(model).toMatchObject({
      aucInterval: result.aucInterval,
      verdict: 'predictive',
      cutoffs: result.cutoffs,
      validation: 'time',
    });
  });

  it('cross-validates with each account in one fold, and gives the fold spread', async () => {
    // A horizon so long that no earlier cut-off has its outcome known before the latest one.
    const result = await s.prediction.train({ features: ['usage'], horizonDays: 400 }, cliActor);
    expect(result.validation).toBe('cv');
    expect(result.aucFoldSd).toBeGreaterThanOrEqual(0);
    expect(result.aucInterval!.low).toBeLessThan(result.aucInterval!.high);
  });
});

describe('feature windows inside the usage history (b), current-state features (c), a verdict on few examples (d)', () => {
  let database: Database;
  let s: Services;
  const usageFrom = '2026-01-01';
  beforeAll(async () => {
    ({ database, services: s } = await open());
    // Paying since 2025, but usage tracked only from 1 January 2026.
    await customers(database.db, { count: 40, since: '2025-01-01', churnFrom: '2026-01-20', usageFrom, seed: 4 });
    await s.segments.create(cliActor, {
      name: 'Churned customers',
      rules: { match: 'all', conditions: [{ field: 'lifecycle_stage', op: 'eq', value: 'churned' }] },
    });
    await s.segments.create(cliActor, {
      name: 'Lost',
      rules: { match: 'all', conditions: [{ field: 'churned_on', op: 'not_empty' }] },
    });
  }, 60_000);
  afterAll(() => database.close());

  it('uses only cut-offs whose longest feature window lies inside the usage history', async () => {
    const trend = await s.prediction.trainingExamples(90, ['activity_trend']); // 60-day window
    expect(trend.length).toBeGreaterThan(0);
    for (const e of trend) expect(e.as_of >= addDays(usageFrom, 60)).toBe(true);
    const usage = await s.prediction.trainingExamples(90, ['usage']); // 30-day window
    for (const e of usage) expect(e.as_of >= addDays(usageFrom, 30)).toBe(true);
    expect(new Set(usage.map((e) => e.as_of)).size).toBeGreaterThan(new Set(trend.map((e) => e.as_of)).size);
    // Tenure reads no usage: cut-offs reach back before the usage history.
    const tenure = await s.prediction.trainingExamples(90, ['tenure_days']);
    expect(tenure.some((e) => e.as_of < usageFrom)).toBe(true);

    const result = await s.prediction.train({ features: ['activity_trend'] }, cliActor);
    expect(result.droppedForHistory).toBeGreaterThan(0);
    expect(result.n).toBe(trend.length);
  });

  it('leaves segment membership and attributes out of training on past cut-offs, and blanks them there', async () => {
    // Today's segment ("Churned customers", "Lost") and status ("lost") would give the outcome away.
    const result = await s.prediction.train({ features: ['usage', 'segment', 'status'] }, cliActor);
    expect(result.features).toEqual(['events_30d', 'active_users_30d']);
    expect(result.leftOut).toEqual(['segment', 'status']);
    const model = (await s.prediction.latestModel())!;
    expect(model.coefficients.map((c) => c.feature)).not.toContain('segment');
    expect(model.leftOut).toEqual(['segment', 'status']);
    // Account columns are current values too.
    expect((await s.prediction.train({ features: ['usage', 'tier'] }, cliActor)).leftOut).toEqual(['tier']);

    const [churned] = await database.db
      .selectFrom('accounts')
      .select('id')
      .where('churned_on', 'is not', null)
      .orderBy('churned_on', 'desc')
      .limit(1)
      .execute();
    const rows = await s.prediction.featureRows(
      [
        { account_id: churned.id, as_of: '2026-03-17' },
        { account_id: churned.id, as_of: TODAY },
      ],
      ['segment', 'status'],
    );
    // Today it is in "Churned customers"; on a past day that is not known, so it is blank.
    expect(rows.get(`${churned.id}|${TODAY}`)).toEqual({ segment: 'Churned customers', 'attributes.status': 'lost' });
    expect(rows.get(`${churned.id}|2026-03-17`)).toEqual({ segment: null, 'attributes.status': null });

    await expect(s.prediction.train({ features: ['segment', 'status'] }, cliActor)).rejects.toMatchObject({
      status: 400,
      messageKey: 'prediction.errors.noHistoryFeatures',
    });
  });

  it('refuses to call a model predictive on fewer than 30 examples of the smaller class', async () => {
    const result = await s.prediction.train({ features: ['activity_trend'] }, cliActor);
    expect(Math.min(result.positives, result.n - result.positives)).toBeLessThan(30);
    expect(result.verdict).toBe('too_few');
  });
});

describe('account columns as features (e)', () => {
  let database: Database;
  let s: Services;
  let dir: string;
  beforeAll(async () => {
    ({ database, services: s } = await open());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-columns-'));
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('trains on industry, region, tier and employees by name, like attributes', async () => {
    const rng = new Rng(9);
    const lines = ['id,industry,region,tier,employees,plan,Churn'];
    for (let i = 0; i < 200; i++) {
      const industry = rng.next() < 0.5 ? 'Retail' : 'Finance';
      const region = ['East', 'North', 'South'][Math.floor(rng.next() * 3)];
      const tier = rng.next() < 0.5 ? 'tech_touch' : 'high_touch';
      const employees = Math.floor(10 + rng.next() * 990);
      const risk = (industry === 'Retail' ? 1.2 : -1.2) + (tier === 'tech_touch' ? 0.8 : -0.8) - employees / 500;
      lines.push(
        `C${i},${industry},${region},${tier},${employees},${rng.next() < 0.5 ? 'a' : 'b'},${rng.next() < 1 / (1 + Math.exp(-risk)) ? 'Yes' : 'No'}`,
      );
    }
    const file = path.join(dir, 'accounts.csv');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    await s.imports.importFile(cliActor, 'accounts', file, {
      locale: 'en',
      map: { id: 'external_id' },
      outcome: 'Churn',
    });

    const catalogue = await s.prediction.catalogue();
    expect(catalogue.columns).toEqual([
      { key: 'industry', kind: 'categorical', accounts: 200 },
      { key: 'employees', kind: 'numeric', accounts: 200 },
      { key: 'region', kind: 'categorical', accounts: 200 },
      { key: 'tier', kind: 'categorical', accounts: 200 },
    ]);
    const result = await s.prediction.train(
      { features: ['industry', 'region', 'tier', 'employees', 'plan'] },
      cliActor,
    );
    expect(result.features).toEqual(['industry', 'region', 'tier', 'employees', 'plan']);
    expect(result.leftOut).toEqual([]);
    const model = (await s.prediction.latestModel())!;
    const coefficient = (feature: string, level: string | null) =>
      model.coefficients.find((c) => c.feature === feature && c.level === level)!.coefficient;
    expect(coefficient('industry', 'Retail')).toBeGreaterThan(0);
    expect(coefficient('industry', 'Finance')).toBeLessThan(0);
    expect(coefficient('tier', 'tech_touch')).toBeGreaterThan(0);
    expect(coefficient('employees', null)).toBeLessThan(0);
    expect(model.features.find((f) => f.key === 'employees')).toEqual({
      key: 'employees',
      kind: 'numeric',
      family: 'account',
    });
    expect(result.auc).toBeGreaterThan(0.7);
  }, 60_000);
});
