import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctaFixture } from './test-helpers.js';

/**
 * Date-anchored CTAs (docs/ctas.md): a renewal CTA and its 90-day plan count back from the renewal
 * date — opened at T-90 the plan lands on T-90 … T-5, opened later it is compressed into the days
 * left — and nothing is ever due after the renewal.
 */
let f: Awaited<ReturnType<typeof ctaFixture>>;
beforeAll(async () => {
  f = await ctaFixture('2026-06-01T09:00:00Z');
  await f.onlyRules('renewal_due');
});
afterAll(() => f.close());

/** An annual contract that starts on `starts` and so renews a year later. */
async function annual(id: string, starts: string) {
  const s = await f.db.insertInto('subscriptions').values({ account_id: id }).returning('id').executeTakeFirstOrThrow();
  await f.db
    .insertInto('subscription_versions')
    .values({
      subscription_id: s.id,
      account_id: id,
      plan: 'Pro',
      quantity: 1,
      amount_minor: 100_000,
      currency: 'CNY',
      interval: 'year',
      starts_on: starts,
      ends_on: null,
      status: 'active',
    })
    .execute();
}
async function renewalCta(id: string) {
  await f.services.ctas.runRules({ accountIds: [id] });
  const [cta] = await f.ctasOf(id);
  return { cta: cta!, tasks: (await f.services.ctas.detail(cta!.id)).tasks.map((t) => t.dueOn) };
}

describe('renewal CTAs are anchored at the renewal date', () => {
  it('a contract ending 1 August, seen on 1 June: the CTA and every task are due by 1 August, the plan in order from today', async () => {
    f.clock.set('2026-06-01T09:00:00Z');
    const id = await f.account();
    await annual(id, '2025-08-01');
    const { cta, tasks } = await renewalCta(id);
    expect(cta.due_on <= '2026-08-01').toBe(true);
    expect(tasks).toHaveLength(6);
    expect(tasks[0]).toBe('2026-06-01');
    expect([...tasks].sort()).toEqual(tasks);
    expect(tasks.every((d) => d >= '2026-06-01' && d <= '2026-08-01')).toBe(true);
    // 61 of the 90 days are left: the plan's 85-day span shrinks to 58 days (round(85 × 61 ÷ 90)).
    expect(tasks).toEqual(['2026-06-01', '2026-06-10', '2026-06-15', '2026-07-01', '2026-07-12', '2026-07-29']);
    expect(cta.due_on).toBe('2026-07-29');
    expect(cta).toMatchObject({ anchor_on: '2026-08-01', reason_params: { renewsOn: '2026-08-01', days: 90 } });
  });

  // Opened at T-90 the plan is what it always was: the anchor changes nothing there.
  it('opened at T-90: tasks at T-90, T-76, T-69, T-45, T-30 and T-5, the CTA due at T-5', async () => {
    f.clock.set('2026-06-15T09:00:00Z');
    const id = await f.account();
    await annual(id, '2025-09-13'); // renews 13 September 2026, 90 days after 15 June
    const { cta, tasks } = await renewalCta(id);
    expect(tasks).toEqual(['2026-06-15', '2026-06-29', '2026-07-06', '2026-07-30', '2026-08-14', '2026-09-08']);
    expect(cta).toMatchObject({ due_on: '2026-09-08', anchor_on: '2026-09-13' });
  });

  it('opened five days before the renewal: nothing lands after it', async () => {
    f.clock.set('2026-06-15T09:00:00Z');
    const id = await f.account();
    await annual(id, '2025-06-20');
    const { cta, tasks } = await renewalCta(id);
    expect(cta.due_on <= '2026-06-20').toBe(true);
    expect(tasks.every((d) => d >= '2026-06-15' && d <= '2026-06-20')).toBe(true);
    expect(tasks.at(-1)).toBe('2026-06-20');
    expect(cta.anchor_on).toBe('2026-06-20');
  });

  it('a rule not anchored to a date keeps opening day + due days', async () => {
    await f.onlyRules('milestone_overdue');
    f.clock.set('2026-06-15T09:00:00Z');
    const id = await f.account({ firstPaidOn: '2026-06-01', stage: 'onboarding' });
    const { cta } = await renewalCta(id);
    expect(cta).toMatchObject({ anchor_on: null, due_on: '2026-06-18' });
    await f.onlyRules('renewal_due');
  });
});
