import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../audit/actor.js';
import { ctaFixture } from './test-helpers.js';

/**
 * The clock test: a milestone becomes overdue → rules run → one CTA; run again → still
 * one; complete the milestone → the CTA closes (auto-close on) or stays (off).
 */
let f: Awaited<ReturnType<typeof ctaFixture>>;
beforeAll(async () => {
  f = await ctaFixture('2026-06-05T10:00:00Z');
  await f.onlyRules('milestone_overdue');
});
afterAll(() => f.close());

const kickoff = async () =>
  (await f.db.selectFrom('milestone_templates').select('id').where('key', '=', 'kickoff').executeTakeFirstOrThrow()).id;

describe('milestone overdue → CTA', () => {
  it('opens one CTA when the kick-off is overdue, never two, and closes it when the milestone is done', async () => {
    // Paid on 1 June: the kick-off is due 7 days later, on 8 June.
    const id = await f.account({ firstPaidOn: '2026-06-01', stage: 'onboarding', managerId: f.users.onboarding });
    const first = await f.services.ctas.runRules();
    expect(first.opened).toBe(0);
    const milestones = await f.services.milestones.forAccount(id);
    expect(milestones.map((m) => [m.key, m.dueOn])).toEqual([
      ['kickoff', '2026-06-08'],
      ['workshop', '2026-07-01'],
      ['health_model', '2026-07-16'],
      ['go_live', '2026-07-31'],
      ['first_result', '2026-08-30'],
    ]);

    f.clock.set('2026-06-08T23:00:00Z'); // due today: not overdue yet
    expect((await f.services.ctas.runRules()).opened).toBe(0);

    f.clock.set('2026-06-09T08:00:00Z');
    const second = await f.services.ctas.runRules();
    expect(second.opened).toBe(1);
    const [cta] = await f.ctasOf(id);
    expect(cta).toMatchObject({
      status: 'open',
      type: 'onboarding',
      priority: 'high',
      owner_id: f.users.onboarding,
      due_on: '2026-06-12',
      reason_key: 'ctas.reason.milestone_overdue',
    });
    expect(cta!.reason_params).toEqual({
      count: 1,
      milestone: 'Kick-off',
      milestoneKey: 'kickoff',
      dueOn: '2026-06-08',
    });
    const detail = await f.services.ctas.detail(cta!.id);
    // The missed-milestone playbook: three tasks due 0, 3 and 5 days after opening.
    expect(detail.tasks.map((t) => [t.key, t.dueOn])).toEqual([
      ['call_missed_milestone', '2026-06-09'],
      ['agree_new_date', '2026-06-12'],
      ['flag_if_blocked', '2026-06-14'],
    ]);

    f.clock.set('2026-06-10T08:00:00Z');
    expect((await f.services.ctas.runRules()).opened).toBe(0);
    expect(await f.ctasOf(id)).toHaveLength(1);

    await f.services.milestones.complete(cliActor, id, await kickoff(), true);
    const third = await f.services.ctas.runRules();
    expect(third.closed).toBe(1);
    const after = await f.ctasOf(id);
    expect(after.map((c) => [c.status, c.outcome])).toEqual([['closed', 'condition_cleared']]);

    const timeline = await f.services.timeline.list(id, { page: 1, pageSize: 50 });
    const keys = timeline.items.map((i) => (i.data as { key?: string }).key);
    expect(keys).toEqual(
      expect.arrayContaining(['ctas.timeline.opened', 'ctas.timeline.closed', 'ctas.timeline.milestoneCompleted']),
    );
  });

  it('keeps the CTA open after completion when the rule does not auto-close', async () => {
    await sql`update cta_rules set auto_close = false where key = 'milestone_overdue'`.execute(f.db);
    f.clock.set('2026-06-10T08:00:00Z');
    const id = await f.account({ firstPaidOn: '2026-06-01', stage: 'onboarding' });
    expect((await f.services.ctas.runRules({ accountIds: [id] })).opened).toBe(1);
    await f.services.milestones.complete(cliActor, id, await kickoff(), true);
    const run = await f.services.ctas.runRules({ accountIds: [id] });
    expect(run.closed).toBe(0);
    expect((await f.ctasOf(id)).map((c) => c.status)).toEqual(['open']);
    // Owner falls back to the first active onboarding user when the account has no manager.
    expect((await f.ctasOf(id))[0]!.owner_id).toBe(f.users.onboarding);
  });

  it('completes a milestone by its usage-event rule and raises nothing for it', async () => {
    await sql`update milestone_templates set auto_event = 'Report Created', auto_count = 3 where key = 'kickoff'`.execute(
      f.db,
    );
    f.clock.set('2026-06-10T08:00:00Z');
    const id = await f.account({ firstPaidOn: '2026-06-01', stage: 'onboarding' });
    // 2 events before the first payment do not count; 1 + 2 after it reach the threshold of 3.
    await sql`insert into usage_daily (account_id, day, event, count, users) values
      (${id}::uuid, '2026-05-30', 'Report Created', 2, 1), (${id}::uuid, '2026-06-02', 'Report Created', 1, 1), (${id}::uuid, '2026-06-04', 'Report Created', 2, 1)`.execute(
      f.db,
    );
    expect((await f.services.ctas.runRules({ accountIds: [id] })).opened).toBe(0);
    const kick = (await f.services.milestones.forAccount(id)).find((m) => m.key === 'kickoff');
    expect(kick).toMatchObject({ completedOn: '2026-06-10', completedHow: 'auto' });
    await sql`update milestone_templates set auto_event = null, auto_count = null where key = 'kickoff'`.execute(f.db);
  });

  it('two rule runs at once open one CTA', async () => {
    f.clock.set('2026-06-10T08:00:00Z');
    const ids = await Promise.all([1, 2, 3].map(() => f.account({ firstPaidOn: '2026-06-01', stage: 'onboarding' })));
    const runs = await Promise.all([
      f.services.ctas.runRules({ accountIds: ids }),
      f.services.ctas.runRules({ accountIds: ids }),
      f.services.ctas.runRules({ accountIds: ids }),
    ]);
    expect(runs.reduce((n, r) => n + r.opened, 0)).toBe(3);
    for (const id of ids) {
      const ctas = await f.ctasOf(id);
      expect(ctas).toHaveLength(1);
      const tasks = await f.db.selectFrom('cta_tasks').select('id').where('cta_id', '=', ctas[0]!.id).execute();
      expect(tasks).toHaveLength(3);
    }
  });

  it('a snoozed CTA wakes on its date and still blocks a duplicate', async () => {
    f.clock.set('2026-06-10T08:00:00Z');
    const id = await f.account({ firstPaidOn: '2026-06-01', stage: 'onboarding' });
    await f.services.ctas.runRules({ accountIds: [id] });
    const [cta] = await f.ctasOf(id);
    await f.services.ctas.snooze(cliActor, cta!.id, '2026-06-12', 'Customer on holiday');
    f.clock.set('2026-06-11T08:00:00Z');
    expect((await f.services.ctas.runRules({ accountIds: [id] })).opened).toBe(0);
    expect((await f.ctasOf(id)).map((c) => c.status)).toEqual(['snoozed']);
    f.clock.set('2026-06-12T08:00:00Z');
    const run = await f.services.ctas.runRules({ accountIds: [id] });
    expect(run.reopened).toBe(1);
    expect((await f.ctasOf(id)).map((c) => c.status)).toEqual(['open']);
  });
});
