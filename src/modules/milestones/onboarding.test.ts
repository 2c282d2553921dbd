import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../audit/actor.js';
import { ctaFixture } from '../ctas/test-helpers.js';

/** The onboarding board and the seed-004 risk colours, hand-computed. */
let f: Awaited<ReturnType<typeof ctaFixture>>;
beforeAll(async () => {
  f = await ctaFixture('2026-06-20T09:00:00Z');
});
afterAll(() => f.close());

async function monthly(accountId: string, amountMinor: number) {
  const s = await f.db
    .insertInto('subscriptions')
    .values({ account_id: accountId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await f.db
    .insertInto('subscription_versions')
    .values({
      subscription_id: s.id,
      account_id: accountId,
      amount_minor: amountMinor,
      currency: 'CNY',
      interval: 'month',
      starts_on: '2026-06-01',
    })
    .execute();
}

describe('onboarding', () => {
  it('puts each account in the column of its next milestone and colours it by its CTAs', async () => {
    await f.onlyRules();
    const m = f.users.onboarding!;
    const green = await f.account({ firstPaidOn: '2026-06-01', stage: 'onboarding', managerId: m });
    const yellow = await f.account({ firstPaidOn: '2026-06-01', stage: 'onboarding', managerId: m });
    const red = await f.account({ firstPaidOn: '2026-06-01', stage: 'onboarding', managerId: m });
    const unmanaged = await f.account({ firstPaidOn: '2026-06-15', stage: null });
    await f.account({ firstPaidOn: '2026-01-01', stage: null }); // paid > 90 days ago: not onboarding
    for (const [id, amount] of [
      [green, 100_000],
      [yellow, 200_000],
      [red, 300_000],
    ] as const)
      await monthly(id, amount);
    await f.services.milestones.sync();
    const kickoff = (await f.services.milestones.templates()).find((t) => t.key === 'kickoff')!;
    await f.services.milestones.complete(cliActor, green, kickoff.id, true);

    const board = await f.services.milestones.board({});
    const card = (id: string) => board.accounts.find((a) => a.id === id)!;
    expect(board.accounts).toHaveLength(4);
    expect(board.templates.map((t) => t.key)).toEqual([
      'kickoff',
      'workshop',
      'health_model',
      'go_live',
      'first_result',
    ]);
    expect(card(green)).toMatchObject({ currentDueOn: '2026-07-01', overdue: false });
    expect(card(green).currentTemplateId).toBe(board.templates[1]!.id);
    expect(card(yellow)).toMatchObject({ currentTemplateId: kickoff.id, currentDueOn: '2026-06-08', overdue: true });
    expect(card(unmanaged)).toMatchObject({ currentDueOn: '2026-06-22', overdue: false });
    expect((await f.services.milestones.board({ onboardingManagerId: m })).accounts).toHaveLength(3);

    await f.services.ctas.open(cliActor, {
      accountId: yellow,
      type: 'onboarding',
      title: 'Chase kick-off',
      priority: 'high',
      dueOn: '2026-06-25',
    });
    const r = await f.services.ctas.open(cliActor, {
      accountId: red,
      type: 'onboarding',
      title: 'Data import blocked',
      priority: 'high',
      dueOn: '2026-06-25',
    });
    await f.services.ctas.flag(cliActor, r.id, true, 'Needs engineering');

    const risk = await f.services.onboardingRisk.report();
    expect(risk.weights).toEqual({ green: 0, yellow: 1, red: 3 });
    expect(
      risk.accounts
        .filter((a) => a.onboardingManagerId === m)
        .map((a) => [a.colour, a.score, a.arrMinor])
        .sort(),
    ).toEqual([
      ['green', 0, 1_200_000],
      ['red', 3, 3_600_000],
      ['yellow', 1, 2_400_000],
    ]);
    // Per manager: 0 + 1 + 3 = 4; ARR at risk = yellow + red = (200,000 + 300,000) × 12.
    expect(risk.managers.find((x) => x.onboardingManagerId === m)).toMatchObject({
      accounts: 3,
      green: 1,
      yellow: 1,
      red: 1,
      score: 4,
      arrAtRiskMinor: 6_000_000,
    });
    expect(risk.managers.find((x) => x.onboardingManagerId === null)).toMatchObject({
      accounts: 1,
      green: 1,
      score: 0,
      arrAtRiskMinor: 0,
    });
  });
});
