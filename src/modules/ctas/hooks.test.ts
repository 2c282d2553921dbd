import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../audit/actor.js';
import type { CtaNotification, OpenedCta } from './events.js';
import { ctaFixture } from './test-helpers.js';

/** The injected notify and onOpened hooks hear about opened and flagged CTAs once, after commit. */
const notes: CtaNotification[] = [];
const opened: OpenedCta[] = [];
let f: Awaited<ReturnType<typeof ctaFixture>>;
beforeAll(async () => {
  f = await ctaFixture('2026-06-15T09:00:00Z', {
    notify: async (n) => void notes.push(n),
    onOpened: async (c) => void opened.push(c),
  });
});
afterAll(() => f.close());

describe('CTA hooks', () => {
  it('notifies the owner when a rule opens a CTA and when it is flagged; a rerun notifies nobody', async () => {
    await f.onlyRules('seats_used');
    const id = await f.account();
    const s = await f.db
      .insertInto('subscriptions')
      .values({ account_id: id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await f.db
      .insertInto('subscription_versions')
      .values({
        subscription_id: s.id,
        account_id: id,
        amount_minor: 1000,
        currency: 'CNY',
        interval: 'month',
        starts_on: '2026-01-01',
        quantity: 2,
      })
      .execute();
    await f.db
      .insertInto('usage_user_daily')
      .values([
        { account_id: id, day: '2026-06-10', person: 'a', events: 1, last_seen_at: new Date() },
        { account_id: id, day: '2026-06-11', person: 'b', events: 1, last_seen_at: new Date() },
      ])
      .execute();
    await f.services.ctas.runRules();
    await f.services.ctas.runRules();
    expect(notes.map((n) => [n.event, n.userId, n.type])).toEqual([['cta.opened', f.users.csm, 'expansion']]);
    expect(opened.map((c) => [c.account_id, c.type, c.reason_params])).toEqual([
      [id, 'expansion', { percent: 100, users: 2, seats: 2 }],
    ]);
    await f.services.ctas.flag(cliActor, opened[0]!.id, true, 'Needs sales');
    expect(notes.map((n) => n.event)).toEqual(['cta.opened', 'cta.flagged']);
  });
});
