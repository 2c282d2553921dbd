import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CtaListQuery } from '../../shared/ctas.js';
import { type Actor, cliActor } from '../audit/actor.js';
import { ctaFixture } from './test-helpers.js';

/**
 * The CTA list (GET /api/ctas, the /ctas page and the Home's CTA tile): one page in the cockpit's
 * order, the total the pager shows and the four counts above the table — the counts are of the CTAs
 * the owner, type, priority and flag filters select, whatever the status and overdue filters, and
 * never include a deleted account's CTAs. Hand-computed on a fixed day (2026-06-15, UTC).
 */
let f: Awaited<ReturnType<typeof ctaFixture>>;
const id: Record<string, string> = {};
let csm: Actor;
let deleted: string;
let accountB: string;

beforeAll(async () => {
  f = await ctaFixture('2026-06-15T04:00:00Z', {}, ['csm', 'cs_manager']);
  await f.onlyRules();
  csm = { type: 'user', id: f.users.csm!, name: 'T csm', role: 'csm' };
  const manager = f.users.cs_manager!;
  const [a, b, d] = [await f.account(), await f.account(), await f.account()];
  deleted = d;
  accountB = b;
  const playbookId = (await f.services.rules.playbooks()).find((p) => p.key === 'reengage')!.id;
  const open = async (
    key: string,
    accountId: string,
    type: 'risk' | 'expansion' | 'renewal' | 'onboarding',
    priority: 'low' | 'medium' | 'high' | 'urgent',
    dueOn: string,
    ownerId: string,
    extra: { playbookId?: string } = {},
  ) => {
    id[key] = (
      await f.services.ctas.open(cliActor, { accountId, type, title: key, priority, dueOn, ownerId, ...extra })
    ).id;
  };
  // Opened in this order (opened_at ties break by it); a1 and a2 share a due day, urgent before high.
  await open('a2', a, 'risk', 'high', '2026-06-10', f.users.csm!);
  await open('a1', a, 'risk', 'urgent', '2026-06-10', f.users.csm!);
  await open('a3', a, 'expansion', 'low', '2026-06-20', f.users.csm!);
  await open('a4', a, 'renewal', 'medium', '2026-06-01', manager);
  await open('a5', a, 'risk', 'medium', '2026-06-18', f.users.csm!);
  await open('b1', b, 'onboarding', 'high', '2026-06-14', manager, { playbookId });
  await open('b2', b, 'risk', 'low', '2026-06-30', manager);
  await open('d1', d, 'risk', 'urgent', '2026-06-01', f.users.csm!);
  await f.services.ctas.snooze(cliActor, id.a3!, '2026-06-19', 'after the demo');
  await f.services.ctas.snooze(cliActor, id.b2!, '2026-06-25', 'waiting for budget');
  await f.services.ctas.flag(cliActor, id.a5!, true, 'support must help');
  await f.services.ctas.flag(cliActor, id.b2!, true, 'sales must help');
  await f.services.ctas.close(cliActor, id.a4!, 'success', 'renewed'); // past its due day, but closed: not overdue
  const b1 = await f.services.ctas.detail(id.b1!);
  await f.services.ctas.setTask(cliActor, id.b1!, b1.tasks[0]!.id, true);
});
afterAll(() => f.close());

const list = (query: Partial<CtaListQuery> = {}, actor: Actor = cliActor) =>
  f.services.ctas.list(actor, { page: 1, pageSize: 25, scope: 'all', status: 'active', ...query });
const keys = (items: { id: string }[]) => items.map((c) => Object.keys(id).find((k) => id[k] === c.id));

describe('the CTA list', () => {
  it("lists a deleted account's CTAs only while the account lives", async () => {
    const before = await list();
    expect(keys(before.items)).toEqual(['d1', 'a1', 'a2', 'b1', 'a5', 'a3', 'b2']);
    expect(before.counts).toEqual({ active: 7, overdue: 4, snoozed: 2, flagged: 2 });
    await f.services.accounts.remove(cliActor, deleted);
  });

  it('pages in the cockpit order with the total and the counts of the active CTAs', async () => {
    const all = await list();
    // Due day first; on the same day the more urgent, then the earlier opened.
    expect(keys(all.items)).toEqual(['a1', 'a2', 'b1', 'a5', 'a3', 'b2']);
    expect(all.total).toBe(6);
    expect(all.counts).toEqual({ active: 6, overdue: 3, snoozed: 2, flagged: 2 });
    expect(all.items.find((c) => c.id === id.a1)).toMatchObject({
      accountName: 'Account 1',
      ownerName: 'T csm',
      overdue: true,
      status: 'open',
    });
    expect(all.items.find((c) => c.id === id.b1)).toMatchObject({
      tasksDone: 1,
      tasksTotal: 2,
      playbookKey: 'reengage',
    });
    expect(all.items.find((c) => c.id === id.a5)).toMatchObject({ flagged: true, overdue: false });

    const second = await list({ pageSize: 2, page: 2 });
    expect(keys(second.items)).toEqual(['b1', 'a5']);
    expect(second.total).toBe(6);
    // A page past the end is empty but still says how many there are.
    const past = await list({ pageSize: 2, page: 5 });
    expect(past.items).toEqual([]);
    expect(past.total).toBe(6);
    expect(past.counts).toEqual({ active: 6, overdue: 3, snoozed: 2, flagged: 2 });
  });

  it("lists every open and snoozed CTA of some accounts in the list's order (onboarding risk, reviews)", async () => {
    const all = await f.services.ctas.listOpen();
    // The closed a4 and the deleted account's d1 are not open CTAs of a live account.
    expect(keys(all)).toEqual(['a1', 'a2', 'b1', 'a5', 'a3', 'b2']);
    expect(keys(await f.services.ctas.listOpen({ accountIds: [accountB, deleted] }))).toEqual(['b1', 'b2']);
    expect(await f.services.ctas.listOpen({ accountIds: [] })).toEqual([]);
    expect((await f.services.ctas.listOpen({ accountIds: [accountB] }))[0]).toMatchObject({
      tasksDone: 1,
      tasksTotal: 2,
      accountName: 'Account 2',
    });
  });

  it('status and overdue filters narrow the page and the total, not the counts', async () => {
    const counts = { active: 6, overdue: 3, snoozed: 2, flagged: 2 };
    const cases: [Partial<CtaListQuery>, string[]][] = [
      [{ status: 'open' }, ['a1', 'a2', 'b1', 'a5']],
      [{ status: 'snoozed' }, ['a3', 'b2']],
      [{ status: 'closed' }, ['a4']],
      [{ status: 'all' }, ['a1', 'a2', 'b1', 'a5', 'a3', 'b2', 'a4']], // closed ones last
      [{ overdue: true }, ['a1', 'a2', 'b1']],
      [{ overdue: false }, ['a5', 'a3', 'b2']],
      [{ status: 'all', overdue: false }, ['a5', 'a3', 'b2', 'a4']],
      [{ status: 'open', overdue: true }, ['a1', 'a2', 'b1']],
    ];
    for (const [query, expected] of cases) {
      const result = await list(query);
      expect({ query, items: keys(result.items), total: result.total, counts: result.counts }).toEqual({
        query,
        items: expected,
        total: expected.length,
        counts,
      });
    }
  });

  it('owner, type, priority and flag filters narrow the counts too', async () => {
    const risk = await list({ type: 'risk' });
    expect(keys(risk.items)).toEqual(['a1', 'a2', 'a5', 'b2']);
    expect(risk.counts).toEqual({ active: 4, overdue: 2, snoozed: 1, flagged: 2 });
    const urgent = await list({ priority: 'urgent' });
    expect(keys(urgent.items)).toEqual(['a1']);
    expect(urgent.total).toBe(1);
    const flagged = await list({ flagged: true });
    expect(keys(flagged.items)).toEqual(['a5', 'b2']);
    expect(flagged.counts).toEqual({ active: 2, overdue: 0, snoozed: 1, flagged: 2 });

    const mine = await list({ scope: 'mine' }, csm);
    expect(keys(mine.items)).toEqual(['a1', 'a2', 'a5', 'a3']);
    expect(mine.counts).toEqual({ active: 4, overdue: 2, snoozed: 1, flagged: 1 });
    const managers = await list({ ownerId: f.users.cs_manager!, status: 'all' });
    expect(keys(managers.items)).toEqual(['b1', 'b2', 'a4']);
    expect(managers.counts).toEqual({ active: 2, overdue: 1, snoozed: 1, flagged: 1 });

    const ofDeleted = await list({ accountId: deleted, status: 'all' });
    expect(ofDeleted).toEqual({ items: [], total: 0, counts: { active: 0, overdue: 0, snoozed: 0, flagged: 0 } });
  });
});
