import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/db.js';
import { createClock } from '../../clock.js';
import type { Database } from '../../db/connection.js';
import { createServices, type Services } from '../../services.js';
import { cliActor } from '../audit/actor.js';
import { addMonths, monthsBetween } from './report.js';

/**
 * For random subscription histories: every customer's MRR at a month's start plus its movements
 * in the month equals its MRR at the month's end, and the report's totals agree with MRR
 * computed independently, version by version, at every month's end.
 */
let database: Database;
let s: Services;
let run = 0;

beforeAll(async () => {
  database = await testDatabase();
  s = createServices({
    db: database.db,
    clock: createClock('2025-01-01T00:00:00Z'),
    config: { TENURE_SESSION_DAYS: 14 },
  });
});
afterAll(() => database.close());

const MONTHS = { month: 1, quarter: 3, year: 12 } as const;
const day = (offset: number) => new Date(Date.UTC(2023, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);

const versionArb = fc.record({
  customer: fc.integer({ min: 0, max: 5 }),
  sub: fc.integer({ min: 0, max: 1 }),
  start: fc.integer({ min: 0, max: 600 }),
  length: fc.option(fc.integer({ min: 1, max: 300 }), { nil: null }),
  amount: fc.integer({ min: 0, max: 500_000 }),
  interval: fc.constantFrom('month', 'quarter', 'year') as fc.Arbitrary<keyof typeof MONTHS>,
  status: fc.constantFrom('active', 'active', 'active', 'trialing', 'past_due') as fc.Arbitrary<
    'active' | 'trialing' | 'past_due'
  >,
});

/** MRR of one customer on a day, straight from the versions. */
function oracleMrr(versions: { starts: string; ends: string | null; mrr: number }[], on: string) {
  return versions.filter((v) => v.starts <= on && (v.ends === null || v.ends > on)).reduce((a, v) => a + v.mrr, 0);
}

describe('MRR movements (property)', () => {
  it('starting + movements = ending, for every month and every customer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(versionArb, { minLength: 1, maxLength: 14 }), async (drawn) => {
        run += 1;
        const plan = `prop-${run}`;
        const versions = new Map<string, { customer: string; starts: string; ends: string | null; mrr: number }>();
        for (const d of drawn) {
          const customer = `P${run}-${d.customer}`;
          const starts = day(d.start);
          // A subscription's versions must not share a start day; the last drawn wins, as an upsert would.
          versions.set(`${customer}-${d.sub}|${starts}`, {
            customer,
            starts,
            ends: d.length === null ? null : day(d.start + d.length),
            mrr: d.status === 'trialing' ? 0 : Math.round(d.amount / MONTHS[d.interval]),
          });
        }
        await database.db.transaction().execute(async (trx) => {
          const ids = (
            await s.accounts.ensureByExternalIds(
              cliActor,
              drawn.map((d) => `P${run}-${d.customer}`),
              trx,
            )
          ).ids;
          await s.subscriptions.upsertVersions(
            cliActor,
            drawn.map((d) => ({
              accountId: ids.get(`P${run}-${d.customer}`)!,
              subscriptionExternalId: `P${run}-${d.customer}-${d.sub}`,
              plan,
              quantity: 1,
              amountMinor: d.amount,
              currency: 'CNY',
              interval: d.interval,
              startsOn: day(d.start),
              endsOn: d.length === null ? null : day(d.start + d.length),
              status: d.status,
            })),
            trx,
          );
        });

        const from = '2023-01';
        const to = '2025-06';
        const report = (await s.metrics.mrr(from, to, { plan })).months;
        const byCustomer = new Map<string, { starts: string; ends: string | null; mrr: number }[]>();
        for (const v of versions.values()) byCustomer.set(v.customer, [...(byCustomer.get(v.customer) ?? []), v]);
        for (const m of report) {
          const start = `${m.month}-01`;
          const end = `${addMonths(m.month, 1)}-01`;
          const before = (on: string) => [...byCustomer.values()].map((vs) => oracleMrr(vs, on));
          // Last day of the previous month / of this month, as the state at the cut.
          const prevDay = new Date(Date.parse(start) - 86_400_000).toISOString().slice(0, 10);
          const lastDay = new Date(Date.parse(end) - 86_400_000).toISOString().slice(0, 10);
          const startMrr = before(prevDay);
          const endMrr = before(lastDay);
          expect(m.startingMrr).toBe(startMrr.reduce((a, b) => a + b, 0));
          expect(m.endingMrr).toBe(endMrr.reduce((a, b) => a + b, 0));
          expect(m.customers.ending).toBe(endMrr.filter((x) => x > 0).length);
          expect(m.startingMrr + m.newMrr + m.expansionMrr + m.reactivationMrr - m.contractionMrr - m.churnedMrr).toBe(
            m.endingMrr,
          );

          const moves = (await s.metrics.movements(m.month, undefined, { plan })).items;
          const sign = { new: 1, expansion: 1, reactivation: 1, contraction: -1, churn: -1 } as const;
          for (const [customer, vs] of byCustomer) {
            const mine = moves.filter((x) => x.externalId === customer);
            const net = mine.reduce((a, x) => a + sign[x.type] * x.amount, 0);
            expect(oracleMrr(vs, prevDay) + net, `${customer} in ${m.month}`).toBe(oracleMrr(vs, lastDay));
          }
        }
        expect(monthsBetween(from, to)).toHaveLength(report.length);
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
