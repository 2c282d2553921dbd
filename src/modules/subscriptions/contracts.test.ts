import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../../test/support/csv.js';
import { testDatabase } from '../../../test/support/db.js';
import { createClock } from '../../clock.js';
import type { Database } from '../../db/connection.js';
import { createServices, type Services } from '../../services.js';
import { cliActor } from '../audit/actor.js';
import { currenciesInUse } from './versions.read.js';

/** Renewal dates computed by hand from the subscription versions of each case (one account per case). */
let database: Database;
let s: Services;
const ids = new Map<string, string>();
const AS_OF = '2026-06-15';

type Row = {
  account: string;
  sub?: string;
  amount?: string;
  interval: string;
  start: string;
  end?: string;
  status?: string;
  currency?: string;
};

beforeAll(async () => {
  database = await testDatabase();
  s = createServices({
    db: database.db,
    clock: createClock('2026-06-15T04:00:00Z'),
    config: { TENURE_SESSION_DAYS: 14, TENURE_CURRENCY: 'CNY', TENURE_TIMEZONE: 'Asia/Shanghai' },
  });
  await s.settings.set(cliActor, 'fx_rates', { USD: 1, CNY: 7.2 });
  const rows: Row[] = [
    { account: 'annual', interval: 'year', start: '2025-03-10' },
    // Seats change mid-term: the term keeps its anchor.
    { account: 'seat-change', interval: 'year', start: '2025-03-10', end: '2025-09-01' },
    { account: 'seat-change', interval: 'year', start: '2025-09-01', amount: '2400' },
    { account: 'monthly', interval: 'month', start: '2026-01-20' },
    // A fixed-term contract that ends and is not followed by another version.
    { account: 'fixed', interval: 'year', start: '2025-09-01', end: '2026-09-01' },
    // Monthly, then annual: the annual term starts with the switch.
    { account: 'switch', interval: 'month', start: '2025-01-05', end: '2026-02-05' },
    { account: 'switch', interval: 'year', start: '2026-02-05', amount: '12000' },
    // A trial converting to an annual plan: the term starts with payment, not the trial.
    { account: 'trial', interval: 'year', start: '2026-01-01', end: '2026-01-15', status: 'trialing', amount: '0' },
    { account: 'trial', interval: 'year', start: '2026-01-15' },
    // Two subscriptions: the quarterly one renews first.
    { account: 'two', sub: 'two-a', interval: 'year', start: '2025-03-10' },
    { account: 'two', sub: 'two-q', interval: 'quarter', start: '2026-04-01', currency: 'USD' },
    { account: 'gone', interval: 'year', start: '2024-01-01', end: '2025-01-01' },
  ];
  const file = writeCsv(
    rows.map((r) => ({
      account_external_id: r.account,
      subscription_external_id: r.sub ?? r.account,
      plan: 'p',
      quantity: 1,
      amount: r.amount ?? '1200',
      currency: r.currency ?? 'CNY',
      interval: r.interval,
      starts_on: r.start,
      ends_on: r.end ?? '',
      status: r.status ?? 'active',
    })),
  );
  const report = await s.imports.importFile(cliActor, 'subscriptions', file, { locale: 'en' });
  expect(report.refused).toEqual([]);
  for (const row of await database.db.selectFrom('accounts').select(['id', 'external_id']).execute())
    ids.set(row.external_id!, row.id);
});
afterAll(() => database.close());

const termOf = async (account: string) => (await s.subscriptions.contractTerms(AS_OF, [ids.get(account)!]))[0];

describe('contract terms', () => {
  it('an annual subscription renews on its anniversary', async () => {
    expect(await termOf('annual')).toEqual({
      accountId: ids.get('annual'),
      renewsOn: '2027-03-10',
      termMonths: 12,
      fixedEnd: false,
      nextTermEndOn: '2027-03-10',
    });
  });

  it('a change of seats inside the term keeps the anchor', async () => {
    expect(await termOf('seat-change')).toMatchObject({ renewsOn: '2027-03-10', termMonths: 12 });
  });

  it('a monthly evergreen subscription has no renewal date, only the end of its month', async () => {
    expect(await termOf('monthly')).toMatchObject({
      renewsOn: null,
      termMonths: null,
      fixedEnd: false,
      nextTermEndOn: '2026-06-20',
    });
  });

  it('a version that ends without a successor is a fixed end', async () => {
    expect(await termOf('fixed')).toMatchObject({ renewsOn: '2026-09-01', termMonths: 12, fixedEnd: true });
  });

  it('switching from monthly to annual starts a new term', async () => {
    expect(await termOf('switch')).toMatchObject({ renewsOn: '2027-02-05', termMonths: 12 });
  });

  it('a trial does not anchor the paid term', async () => {
    expect(await termOf('trial')).toMatchObject({ renewsOn: '2027-01-15' });
  });

  it('the earliest renewal among several subscriptions wins', async () => {
    expect(await termOf('two')).toMatchObject({ renewsOn: '2026-07-01', termMonths: 3 });
  });

  it('an account no longer paying has no contract term', async () => {
    expect(await termOf('gone')).toBeUndefined();
    const all = await s.subscriptions.contractTerms(AS_OF);
    expect(all.map((t) => t.accountId).sort()).toEqual(
      [...ids.entries()]
        .filter(([k]) => k !== 'gone')
        .map(([, v]) => v)
        .sort(),
    );
  });

  it("an owner's book reads the same terms as its accounts' ids, and only theirs", async () => {
    const owner = await s.users.create(cliActor, { email: 'owner@test.local', name: 'Owner', role: 'csm' });
    const book = [ids.get('annual')!, ids.get('two')!, ids.get('monthly')!];
    for (const id of book) await s.accounts.update(cliActor, id, { ownerId: owner.id });
    const byAccount = (terms: { accountId: string }[]) =>
      [...terms].sort((a, b) => a.accountId.localeCompare(b.accountId));
    const byOwner = await s.subscriptions.contractTerms(AS_OF, { ownerId: owner.id });
    expect(byOwner.map((t) => t.accountId).sort()).toEqual([...book].sort());
    expect(byAccount(byOwner)).toEqual(byAccount(await s.subscriptions.contractTerms(AS_OF, book)));
    // A deleted account leaves the book.
    await s.accounts.remove(cliActor, ids.get('monthly')!);
    const after = await s.subscriptions.contractTerms(AS_OF, { ownerId: owner.id });
    expect(after.map((t) => t.accountId).sort()).toEqual([ids.get('annual')!, ids.get('two')!].sort());
  });

  it('lists each currency the subscriptions are in once', async () => {
    // Every version is in CNY but one, in USD.
    expect(await currenciesInUse(database.db)).toEqual(['CNY', 'USD']);
  });

  it('current MRR per account is in the base currency', async () => {
    const mrr = await s.metrics.mrrByAccount(AS_OF, [ids.get('two')!, ids.get('gone')!]);
    // 1200 CNY a year = 100 CNY a month; 1200 USD a quarter = 400 USD a month = 2880 CNY.
    expect([...mrr.entries()]).toEqual([[ids.get('two'), 10000 + 288000]]);
  });
});
