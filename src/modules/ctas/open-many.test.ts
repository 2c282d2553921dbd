import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';

/** Opening many CTAs at once (a journey step's participants, a shipped request's accounts). */
let t: TestApp;
let ids: string[];
beforeAll(async () => {
  t = await createTestApp(); // clock fixed at 2026-06-15T04:00Z
  ids = [];
  for (const name of ['Acme', 'Globex', 'Initech', 'Gone'])
    ids.push((await t.services.accounts.create(cliActor, { name, ownerId: t.users.csm.id })).id);
  await t.services.accounts.remove(cliActor, ids[3]);
});
afterAll(() => t.close());

const count = async (table: 'ctas' | 'cta_tasks' | 'activities' | 'audit_log') =>
  Number(
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('opening many CTAs', () => {
  it('opens one per live account with its tasks, timeline entry, audit row and open count, and is once per key', async () => {
    const book = (await t.services.rules.playbooks()).find((p) => p.key === 'reengage')!;
    const input = (accountId: string, i: number) => ({
      accountId,
      type: 'onboarding' as const,
      title: `Call ${i}`,
      priority: 'high' as const,
      dueOn: '2026-06-20',
      playbookId: book.id,
      key: `journey:p${i}:s1`,
    });
    const before = {
      tasks: await count('cta_tasks'),
      timeline: await count('activities'),
      audit: await count('audit_log'),
    };
    const opened = await t.services.ctas.openMany(cliActor, ids.map(input));
    expect(opened.slice(0, 3).every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(opened.slice(0, 3)).size).toBe(3);
    expect(opened[3]).toBeUndefined(); // the deleted account gets none

    const rows = await t.database.db
      .selectFrom('ctas')
      .select(['id', 'account_id', 'title', 'owner_id', 'fact_key'])
      .orderBy('title')
      .execute();
    expect(rows.map((r) => [r.id, r.account_id, r.title, r.owner_id, r.fact_key])).toEqual(
      [0, 1, 2].map((i) => [opened[i], ids[i], `Call ${i}`, t.users.csm.id, `journey:p${i}:s1`]),
    );
    expect(await count('cta_tasks')).toBe(before.tasks + 3 * book.tasks.length);
    expect(await count('activities')).toBe(before.timeline + 3);
    expect(await count('audit_log')).toBeGreaterThanOrEqual(before.audit + 3);
    const facts = await t.database.db
      .selectFrom('account_facts')
      .select(['account_id', 'open_ctas'])
      .where('account_id', 'in', ids.slice(0, 3))
      .execute();
    expect(facts.map((f) => f.open_ctas)).toEqual([1, 1, 1]);

    // The same keys again (a step run again after a crash): the same CTAs, nothing new.
    const again = await t.services.ctas.openMany(cliActor, ids.map(input));
    expect(again).toEqual(opened);
    expect(await count('ctas')).toBe(3);
    expect(await count('activities')).toBe(before.timeline + 3);
  });

  it('opens unkeyed ones every time, and one by hand still refuses a deleted account', async () => {
    const base = { type: 'risk' as const, title: 'Check in', priority: 'low' as const, dueOn: '2026-06-30' };
    const first = await t.services.ctas.openMany(cliActor, [
      { ...base, accountId: ids[0] },
      { ...base, accountId: ids[1] },
    ]);
    const second = await t.services.ctas.openMany(cliActor, [{ ...base, accountId: ids[0] }]);
    expect(new Set([...first, ...second]).size).toBe(3);
    await expect(t.services.ctas.open(cliActor, { ...base, accountId: ids[3] })).rejects.toMatchObject({
      status: 400,
    });
  });
});
