import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../audit/actor.js';
import { ctaFixture } from './test-helpers.js';

/**
 * Every trigger on crafted data, today = 15 June 2026 (UTC). Each case makes a positive account
 * and its near-miss negatives, runs the rules scoped to them and names the accounts that got a CTA.
 */
const TODAY = '2026-06-15';
let redIds: string[] = [];
let f: Awaited<ReturnType<typeof ctaFixture>>;
beforeAll(async () => {
  f = await ctaFixture(`${TODAY}T09:00:00Z`, {
    health: { accountsRedForWeeks: async (weeks, day) => (weeks === 2 && day === TODAY ? redIds : []) },
  });
});
afterAll(() => f.close());

/** Runs one rule over the given accounts and returns which of them got a CTA from it. */
async function fired(rule: string, accounts: Record<string, string>) {
  await f.onlyRules(rule);
  await f.services.ctas.runRules({ accountIds: Object.values(accounts) });
  const hit: string[] = [];
  for (const [name, id] of Object.entries(accounts))
    if ((await f.ctasOf(id)).some((c) => c.rule_key === rule)) hit.push(name);
  return hit.sort();
}
const reasonOf = async (id: string, rule: string) =>
  (await f.ctasOf(id)).find((c) => c.rule_key === rule)?.reason_params;
const usage = (id: string, day: string, count: number, event = 'Page Viewed') =>
  sql`insert into usage_daily (account_id, day, event, count, users) values (${id}::uuid, ${day}::date, ${event}, ${count}, 1)`.execute(
    f.db,
  );
const nps = (id: string, score: number, at: string) =>
  sql`insert into nps_responses (account_id, score, responded_at) values (${id}::uuid, ${score}, ${at}::timestamptz)`.execute(
    f.db,
  );
const ticket = (id: string, priority: string, status: string, at: string) =>
  sql`insert into tickets (account_id, subject, priority, status, opened_at) values (${id}::uuid, 'Help', ${priority}, ${status}, ${at}::timestamptz)`.execute(
    f.db,
  );
async function subscription(
  id: string,
  v: { interval: string; starts: string; quantity?: number; status?: string; ends?: string },
) {
  const s = await f.db.insertInto('subscriptions').values({ account_id: id }).returning('id').executeTakeFirstOrThrow();
  await f.db
    .insertInto('subscription_versions')
    .values({
      subscription_id: s.id,
      account_id: id,
      plan: 'Pro',
      quantity: v.quantity ?? 1,
      amount_minor: 100_000,
      currency: 'CNY',
      interval: v.interval as 'month',
      starts_on: v.starts,
      ends_on: v.ends ?? null,
      status: (v.status ?? 'active') as 'active',
    })
    .execute();
}

describe('triggers', () => {
  it('usage down ≥ 30 % on the previous 30 days', async () => {
    const a = { drop30: await f.account(), drop29: await f.account(), noPrevious: await f.account() };
    // Previous period 17 Apr – 16 May; current 17 May – 15 Jun.
    await usage(a.drop30, '2026-05-01', 100);
    await usage(a.drop30, '2026-06-01', 70);
    await usage(a.drop29, '2026-05-16', 100);
    await usage(a.drop29, '2026-05-17', 71);
    await usage(a.noPrevious, '2026-06-01', 5);
    expect(await fired('usage_drop', a)).toEqual(['drop30']);
    expect(await reasonOf(a.drop30, 'usage_drop')).toEqual({ percent: 30, days: 30 });
  });

  it('no activity for 14 days: no usage and no logged activity', async () => {
    const a = {
      silent: await f.account({ firstPaidOn: '2026-05-01' }),
      usedOn2nd: await f.account({ firstPaidOn: '2026-05-01' }),
      noteOn5th: await f.account({ firstPaidOn: '2026-05-01' }),
      paidRecently: await f.account({ firstPaidOn: '2026-06-10' }),
      usedOn1st: await f.account({ firstPaidOn: '2026-05-01' }),
    };
    await usage(a.usedOn2nd, '2026-06-02', 1); // inside the 14 days 2–15 June
    await usage(a.usedOn1st, '2026-06-01', 1); // just outside
    await f.services.timeline.add(cliActor, a.noteOn5th, {
      type: 'call',
      subject: 'Check-in',
      occurredAt: '2026-06-05T10:00:00Z',
    });
    expect(await fired('no_activity', a)).toEqual(['silent', 'usedOn1st']);
  });

  it('health red two weeks running comes from the injected health module', async () => {
    const a = { red: await f.account(), green: await f.account() };
    redIds = [a.red];
    expect(await fired('health_red', a)).toEqual(['red']);
    expect(await reasonOf(a.red, 'health_red')).toEqual({ weeks: 2 });
  });

  it('health red fires for paying customers only: not for trials, handoffs or accounts paying from a later day', async () => {
    const a = {
      paying: await f.account({ firstPaidOn: '2026-06-15' }),
      neverPaid: await f.account({ firstPaidOn: null }),
      paysLater: await f.account({ firstPaidOn: '2026-06-16' }),
    };
    // Red according to the health module (say, snapshots written before the scoring scope knew better).
    redIds = Object.values(a);
    expect(await fired('health_red', a)).toEqual(['paying']);
  });

  it('NPS detractor and promoter read the latest answer of the last 30 days', async () => {
    const a = {
      six: await f.account(),
      seven: await f.account(),
      oldThree: await f.account(),
      fiveThenNine: await f.account(),
      ten: await f.account(),
    };
    await nps(a.six, 6, '2026-06-10T00:00:00Z');
    await nps(a.seven, 7, '2026-06-10T00:00:00Z');
    await nps(a.oldThree, 3, '2026-05-16T23:00:00Z'); // 30 days back from 15 June starts on 17 May
    await nps(a.fiveThenNine, 5, '2026-06-01T00:00:00Z');
    await nps(a.fiveThenNine, 9, '2026-06-12T00:00:00Z');
    await nps(a.ten, 10, '2026-05-17T00:00:00Z');
    expect(await fired('nps_detractor', a)).toEqual(['six']);
    expect(await reasonOf(a.six, 'nps_detractor')).toEqual({ score: 6 });
    expect(await fired('promoter', a)).toEqual(['fiveThenNine', 'ten']);
  });

  it('an open urgent ticket or 5 tickets in 7 days', async () => {
    const a = {
      urgent: await f.account(),
      solvedUrgent: await f.account(),
      five: await f.account(),
      four: await f.account(),
    };
    await ticket(a.urgent, 'urgent', 'open', '2026-05-01T00:00:00Z');
    await ticket(a.solvedUrgent, 'urgent', 'solved', '2026-06-14T00:00:00Z');
    for (let i = 0; i < 5; i++)
      await ticket(a.five, 'normal', 'open', `2026-06-${String(9 + i).padStart(2, '0')}T00:00:00Z`);
    for (let i = 0; i < 4; i++)
      await ticket(a.four, 'normal', 'open', `2026-06-${String(10 + i).padStart(2, '0')}T00:00:00Z`);
    await ticket(a.four, 'normal', 'open', '2026-06-08T23:00:00Z'); // 8 June: outside 9–15 June
    expect(await fired('tickets', a)).toEqual(['five', 'urgent']);
    expect(await reasonOf(a.five, 'tickets')).toEqual({ urgent: 0, count: 5 });
  });

  it('renewal in 90 days from the contract terms', async () => {
    const a = { in78: await f.account(), in108: await f.account(), monthly: await f.account() };
    await subscription(a.in78, { interval: 'year', starts: '2025-09-01' });
    await subscription(a.in108, { interval: 'year', starts: '2025-10-01' });
    await subscription(a.monthly, { interval: 'month', starts: '2025-09-01' });
    expect(await fired('renewal_due', a)).toEqual(['in78']);
    expect(await reasonOf(a.in78, 'renewal_due')).toEqual({ renewsOn: '2026-09-01', days: 90 });
    const [cta] = (await f.ctasOf(a.in78)).filter((c) => c.rule_key === 'renewal_due');
    const tasks = (await f.services.ctas.detail(cta!.id)).tasks;
    // Opened 78 of the 90 days before the renewal: the plan is compressed into them and ends before 1 September (anchored.test.ts).
    expect(tasks.map((t) => t.dueOn)).toEqual([
      '2026-06-15',
      '2026-06-27',
      '2026-07-03',
      '2026-07-24',
      '2026-08-06',
      '2026-08-28',
    ]);
  });

  it('a champion or decision maker left: removed, or role changed away', async () => {
    const a = {
      removedChampion: await f.account(),
      demoted: await f.account(),
      removedUser: await f.account(),
      promoted: await f.account(),
    };
    const contact = (id: string, role: 'champion' | 'end_user' | 'decision_maker') =>
      f.services.contacts.create(cliActor, id, { name: `C ${role}`, role });
    const c1 = await contact(a.removedChampion, 'champion');
    await f.services.contacts.remove(cliActor, a.removedChampion, c1.id);
    const c2 = await contact(a.demoted, 'decision_maker');
    await f.services.contacts.update(cliActor, a.demoted, c2.id, { role: 'end_user' });
    const c3 = await contact(a.removedUser, 'end_user');
    await f.services.contacts.remove(cliActor, a.removedUser, c3.id);
    const c4 = await contact(a.promoted, 'end_user');
    await f.services.contacts.update(cliActor, a.promoted, c4.id, { role: 'champion' });
    expect(await fired('key_contact_left', a)).toEqual(['demoted', 'removedChampion']);
  });

  it('payment failed: a past-due current version or a failed latest Stripe invoice', async () => {
    const a = {
      pastDue: await f.account(),
      pastDueEnded: await f.account(),
      failedInvoice: await f.account(),
      failedThenPaid: await f.account(),
    };
    await subscription(a.pastDue, { interval: 'month', starts: '2026-01-01', status: 'past_due' });
    await subscription(a.pastDueEnded, {
      interval: 'month',
      starts: '2026-01-01',
      ends: '2026-03-01',
      status: 'past_due',
    });
    const invoice = (id: string, account: string, status: string, at: string) =>
      sql`insert into stripe_invoices
      (id, account_id, customer_id, subscription_id, status, amount_due, amount_paid, currency, event_created)
      values (${id}, ${account}::uuid, ${`cus_${account}`}, ${`sub_${account}`}, ${status}, 1000, 0, 'CNY', ${at}::timestamptz)`.execute(
        f.db,
      );
    await invoice('in_1', a.failedInvoice, 'payment_failed', '2026-06-10T00:00:00Z');
    await invoice('in_2', a.failedThenPaid, 'payment_failed', '2026-06-01T00:00:00Z');
    await invoice('in_3', a.failedThenPaid, 'paid', '2026-06-05T00:00:00Z');
    expect(await fired('payment_failed', a)).toEqual(['failedInvoice', 'pastDue']);
  });

  it('seats used ≥ 90 %: distinct active users in 30 days ÷ licensed seats', async () => {
    const a = { nine: await f.account(), eight: await f.account() };
    await subscription(a.nine, { interval: 'month', starts: '2026-01-01', quantity: 10 });
    await subscription(a.eight, { interval: 'month', starts: '2026-01-01', quantity: 10 });
    const users = (id: string, n: number, day: string) =>
      sql`insert into usage_user_daily (account_id, day, person, events, last_seen_at)
      select ${id}::uuid, ${day}::date, 'u' || g, 1, now() from generate_series(1, ${n}::int) g`.execute(f.db);
    await users(a.nine, 9, '2026-06-01');
    await users(a.eight, 8, '2026-06-01');
    await users(a.eight, 9, '2026-05-16'); // outside the window: not counted
    expect(await fired('seats_used', a)).toEqual(['nine']);
    expect(await reasonOf(a.nine, 'seats_used')).toEqual({ percent: 90, users: 9, seats: 10 });
    expect((await f.ctasOf(a.nine))[0]).toMatchObject({ type: 'expansion' });
  });

  it('skips deleted and churned accounts and rules scoped to a segment', async () => {
    const a = { inSegment: await f.account(), outside: await f.account(), churned: await f.account() };
    await sql`update accounts set industry = 'Retail' where id = ${a.inSegment}::uuid`.execute(f.db);
    await sql`update accounts set churned_on = '2026-06-01' where id = ${a.churned}::uuid`.execute(f.db);
    const segment = await f.services.segments.create(cliActor, {
      name: 'Retail',
      rules: { match: 'all', conditions: [{ field: 'industry', op: 'eq', value: 'Retail' }] },
    });
    await sql`update cta_rules set segment_id = ${segment.id}::uuid where key = 'tickets'`.execute(f.db);
    for (const id of Object.values(a)) await ticket(id, 'urgent', 'open', '2026-06-14T00:00:00Z');
    expect(await fired('tickets', a)).toEqual(['inSegment']);
    await sql`update cta_rules set segment_id = null where key = 'tickets'`.execute(f.db);
  });

  it('health red evaluates to nothing without the health module', async () => {
    const g = await ctaFixture(`${TODAY}T09:00:00Z`, { health: undefined });
    try {
      await g.onlyRules('health_red');
      const run = await g.services.ctas.runRules();
      expect(run.byRule).toEqual([expect.objectContaining({ key: 'health_red', opened: 0, evaluated: false })]);
    } finally {
      await g.close();
    }
  });
});
