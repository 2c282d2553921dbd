import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../audit/actor.js';
import { cliActor } from '../audit/actor.js';
import { ctaFixture } from './test-helpers.js';

/**
 * CTA identity (docs/ctas.md): a CTA a person closed never comes back for the same fact — the
 * same NPS answer, the same renewal, the same episode of a continuing condition — while a new fact
 * opens a new one, never two open at once for a rule and an account.
 */
let f: Awaited<ReturnType<typeof ctaFixture>>;
let csm: Actor;
beforeAll(async () => {
  f = await ctaFixture('2026-06-15T09:00:00Z');
  csm = { type: 'user', id: f.users.csm!, name: 'T csm', role: 'csm' };
});
afterAll(() => f.close());

const nps = (id: string, score: number, at: string) =>
  sql`insert into nps_responses (account_id, score, responded_at) values (${id}::uuid, ${score}, ${at}::timestamptz)`.execute(
    f.db,
  );
const ticket = (id: string, at: string) =>
  sql`insert into tickets (account_id, subject, priority, status, opened_at) values (${id}::uuid, 'Down', 'urgent', 'open', ${at}::timestamptz) returning id`.execute(
    f.db,
  );
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
const run = (id: string) => f.services.ctas.runRules({ accountIds: [id] });
const statuses = async (id: string) => (await f.ctasOf(id)).map((c) => [c.status, c.outcome]);
const openOne = async (id: string) => (await f.ctasOf(id)).find((c) => c.status !== 'closed')!;

describe('a closed CTA stays closed for its fact', () => {
  it('an NPS detractor CTA closed as success does not reopen; the next detractor answer opens a new one', async () => {
    await f.onlyRules('nps_detractor');
    f.clock.set('2026-06-15T09:00:00Z');
    const id = await f.account();
    await nps(id, 3, '2026-06-10T08:00:00Z');
    expect((await run(id)).opened).toBe(1);
    await f.services.ctas.close(csm, (await openOne(id)).id, 'success', 'Called them, fixed the export');

    f.clock.set('2026-06-15T10:15:00Z');
    expect((await run(id)).opened).toBe(0);
    f.clock.set('2026-06-20T10:15:00Z');
    expect((await run(id)).opened).toBe(0);
    expect(await statuses(id)).toEqual([['closed', 'success']]);

    await nps(id, 2, '2026-06-21T08:00:00Z');
    f.clock.set('2026-06-21T10:15:00Z');
    const runs = await Promise.all([run(id), run(id), run(id)]);
    expect(runs.reduce((n, r) => n + r.opened, 0)).toBe(1);
    expect(await statuses(id)).toEqual([
      ['closed', 'success'],
      ['open', null],
    ]);
    expect((await f.ctasOf(id))[1]!.reason_params).toEqual({ score: 2 });
  });

  it('a renewal CTA closed by hand does not reopen for the same renewal date', async () => {
    await f.onlyRules('renewal_due');
    f.clock.set('2026-06-15T09:00:00Z');
    const id = await f.account();
    await annual(id, '2025-09-01'); // renews 1 September 2026
    expect((await run(id)).opened).toBe(1);
    await f.services.ctas.close(csm, (await openOne(id)).id, 'no_action_needed', 'Signed early');
    f.clock.set('2026-07-01T09:00:00Z');
    expect((await run(id)).opened).toBe(0);
    expect(await statuses(id)).toEqual([['closed', 'no_action_needed']]);
  });

  it('a recorded renewal outcome closes the renewal CTA, and a renewal already decided opens none', async () => {
    await f.onlyRules('renewal_due');
    f.clock.set('2026-06-15T09:00:00Z');
    const [renewed, churned, early] = [await f.account(), await f.account(), await f.account()];
    for (const id of [renewed, churned, early]) await annual(id, '2025-09-01');
    await f.services.renewals.recordOutcome(csm, early, { renewsOn: '2026-09-01', outcome: 'renewed' });
    expect((await f.services.ctas.runRules({ accountIds: [renewed, churned, early] })).opened).toBe(2);
    expect(await f.ctasOf(early)).toEqual([]);

    await f.services.renewals.recordOutcome(csm, renewed, {
      renewsOn: '2026-09-01',
      outcome: 'expanded',
      newArrMinor: 2_000_000,
    });
    await f.services.renewals.recordOutcome(csm, churned, {
      renewsOn: '2026-09-01',
      outcome: 'churned',
      churnReason: 'competitor',
    });
    expect(await statuses(renewed)).toEqual([['closed', 'success']]);
    expect(await statuses(churned)).toEqual([['closed', 'failed']]);
    expect((await f.ctasOf(renewed))[0]!.closed_by).toBe(f.users.csm);
    f.clock.set('2026-06-16T09:00:00Z');
    expect((await f.services.ctas.runRules({ accountIds: [renewed, churned, early] })).opened).toBe(0);
  });

  it('one open CTA per rule at a time: a second urgent ticket waits until the first CTA is closed, then opens once', async () => {
    await f.onlyRules('tickets');
    f.clock.set('2026-06-15T09:00:00Z');
    const id = await f.account();
    await ticket(id, '2026-06-14T02:00:00Z');
    await ticket(id, '2026-06-15T02:00:00Z');
    expect((await run(id)).opened).toBe(1);
    expect((await run(id)).opened).toBe(0);
    await f.services.ctas.close(csm, (await openOne(id)).id, 'success', 'Escalated');
    expect((await run(id)).opened).toBe(1);
    await f.services.ctas.close(csm, (await openOne(id)).id, 'success', 'Escalated too');
    expect((await run(id)).opened).toBe(0);
    const facts = (await f.ctasOf(id)).map((c) => c.fact_key);
    expect(new Set(facts).size).toBe(2);
  });
});

describe('episodes of a continuing condition', () => {
  it('no activity: closed by hand stays closed while the silence lasts; silence after activity is a new episode; auto-close then recurrence opens again', async () => {
    await f.onlyRules('no_activity');
    f.clock.set('2026-06-15T09:00:00Z');
    const id = await f.account({ firstPaidOn: '2026-05-01' });
    expect((await run(id)).opened).toBe(1);
    await f.services.ctas.close(csm, (await openOne(id)).id, 'failed', 'No answer');
    for (const day of ['2026-06-16', '2026-06-20']) {
      f.clock.set(`${day}T09:00:00Z`);
      expect((await run(id)).opened).toBe(0);
    }

    // A call on 21 June ends the silence; 14 silent days later it is a new episode.
    await f.services.timeline.add(cliActor, id, {
      type: 'call',
      subject: 'Check-in',
      occurredAt: '2026-06-21T08:00:00Z',
    });
    f.clock.set('2026-06-21T09:00:00Z');
    expect((await run(id)).opened).toBe(0);
    f.clock.set('2026-07-05T09:00:00Z');
    expect((await run(id)).opened).toBe(1);
    expect(await statuses(id)).toEqual([
      ['closed', 'failed'],
      ['open', null],
    ]);

    // Activity again: the rule auto-closes it; the next silence opens a third CTA.
    await f.services.timeline.add(cliActor, id, {
      type: 'email',
      subject: 'Hello',
      occurredAt: '2026-07-06T08:00:00Z',
    });
    f.clock.set('2026-07-06T09:00:00Z');
    expect((await run(id)).closed).toBe(1);
    f.clock.set('2026-07-20T09:00:00Z');
    expect((await run(id)).opened).toBe(1);
    expect(await statuses(id)).toEqual([
      ['closed', 'failed'],
      ['closed', 'condition_cleared'],
      ['open', null],
    ]);
  });
});
