import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';
import { yearBefore } from './team.service.js';

/**
 * Today is 2026-06-15 (Asia/Shanghai); the 12-month window runs after 2025-06-15 up to 2026-06-15.
 * Hand-computed (MRR in minor units, ARR = MRR × 12, CNY is the base currency):
 *   A  csm         annual 1,200,000 2025-01-01 → 2026-01-01 (MRR 100,000), then annual 2,400,000 from
 *                  2026-01-01 (MRR 200,000): expansion 100,000 on 2026-01-01; ARR 2,400,000; red; renews 2027-01-01
 *   B  csm         monthly 50,000 2025-03-01 → 2026-03-01: churn 50,000 on 2026-03-01; ARR 0
 *   C  csm         annual 2,400,000 from 2025-08-01 (new in the window, not in NRR's base); green; renews
 *                  2026-08-01 (47 days: a renewal due)
 *   D  cs_manager  monthly 10,000 from 2025-01-01: ARR 120,000, no movement; yellow
 *   E  nobody      monthly 5,000 from 2026-06-01 (new): ARR 60,000
 * csm:        accounts 3, ARR 4,800,000, at risk 2,400,000 (A), renewals 1 / 2,400,000, churned ARR 600,000,
 *             expansion ARR 1,200,000, NRR base A 100,000 + B 50,000 = 150,000, kept 150,000 − 50,000 + 100,000
 *             = 200,000 → 4/3
 * cs_manager: accounts 1, ARR 120,000, NRR 10,000 / 10,000 = 1
 * totals:     accounts 5, ARR 4,980,000, NRR (150,000 + 10,000 + 50,000 + 0... ) → kept 210,000 / base 160,000
 * Touches (a person's activity in the last 30 days, i.e. since 2026-05-16 04:00Z): A 06-01 and 06-10 by the csm
 * (05-01 is older, a system entry never counts), D 06-12 by the manager.
 * CTAs: c1 A csm due 06-10 (overdue); c2 C csm due 06-30; c3 A onboarding due 06-20 (not a book's);
 *       c4 A csm closed; c5 D cs_manager due 06-30.
 * Capacity: 2 accounts by default, the manager's override 1: the csm (3) is over it, the manager (1) not.
 */
let t: TestApp;
const id: Record<string, string> = {};
const cta: Record<string, string> = {};

async function insertCta(name: string, account: string, owner: string, dueOn: string, status = 'open') {
  const { rows } = await sql<{ id: string }>`
    insert into ctas (account_id, type, reason_key, reason_params, title, priority, owner_id, due_on, status, outcome,
                      opened_at, closed_at)
    values (${id[account]}::uuid, 'risk', 'ctas.reason.manual', '{}'::jsonb, ${`Call ${account}`}, 'high',
            ${owner}::uuid, ${dueOn}::date, ${status}, ${status === 'closed' ? 'success' : null},
            '2026-06-01T02:00:00Z', ${status === 'closed' ? '2026-06-02T02:00:00Z' : null}::timestamptz)
    returning id`.execute(t.services.db);
  cta[name] = rows[0]!.id;
}

const versions = [
  ['A', 'year', '2025-01-01', '2026-01-01', 1_200_000, 'a'],
  ['A', 'year', '2026-01-01', null, 2_400_000, 'a'],
  ['B', 'month', '2025-03-01', '2026-03-01', 50_000, 'b'],
  ['C', 'year', '2025-08-01', null, 2_400_000, 'c'],
  ['D', 'month', '2025-01-01', null, 10_000, 'd'],
  ['E', 'month', '2026-06-01', null, 5_000, 'e'],
] as const;

beforeAll(async () => {
  t = await createTestApp();
  const owners = { A: t.users.csm.id, B: t.users.csm.id, C: t.users.csm.id, D: t.users.cs_manager.id, E: null };
  for (const [name, ownerId] of Object.entries(owners))
    id[name] = (await t.services.accounts.create(cliActor, { name: `Account ${name}`, ownerId })).id;
  for (const [name, interval, startsOn, endsOn, amountMinor, sub] of versions)
    await t.services.subscriptions.recordVersion(cliActor, id[name]!, {
      subscriptionExternalId: `sub-${sub}`,
      amountMinor,
      currency: 'CNY',
      interval,
      startsOn,
      endsOn,
    });
  const card = await t.services.health.create(cliActor, {
    name: 'Overall',
    primary: true,
    measures: [{ type: 'nps_latest', weight: 1, bad: 0, good: 10 }],
  });
  // Whatever the data-arrival listeners computed is replaced by the crafted health and CTAs.
  await sql`delete from health_snapshots`.execute(t.services.db);
  await sql`delete from ctas`.execute(t.services.db);
  for (const [name, score, color] of [
    ['A', 20, 'red'],
    ['C', 90, 'green'],
    ['D', 55, 'yellow'],
  ] as const)
    await sql`insert into health_snapshots (scorecard_id, account_id, day, score, color, measure_ids, measure_values, measure_scores, measure_weights)
      values (${card.id}::uuid, ${id[name]}::uuid, '2026-06-15', ${score}, ${color}, '{}', '{}', '{}', '{}')`.execute(
      t.services.db,
    );
  for (const [account, author, type, at] of [
    ['A', t.users.csm.id, 'call', '2026-06-01T02:00:00Z'],
    ['A', t.users.csm.id, 'note', '2026-06-10T02:00:00Z'],
    ['A', t.users.csm.id, 'call', '2026-05-01T02:00:00Z'],
    ['A', null, 'system', '2026-06-11T02:00:00Z'],
    ['D', t.users.cs_manager.id, 'meeting', '2026-06-12T02:00:00Z'],
  ] as const)
    await sql`insert into activities (account_id, type, subject, author_id, occurred_at)
      values (${id[account]}::uuid, ${type}, 'touch', ${author}::uuid, ${at}::timestamptz)`.execute(t.services.db);
  await insertCta('c1', 'A', t.users.csm.id, '2026-06-10');
  await insertCta('c2', 'C', t.users.csm.id, '2026-06-30');
  await insertCta('c3', 'A', t.users.onboarding.id, '2026-06-20');
  await insertCta('c4', 'A', t.users.csm.id, '2026-06-01', 'closed');
  await insertCta('c5', 'D', t.users.cs_manager.id, '2026-06-30');
  // The crafted snapshots bypass the health service: the account facts (the books' ARR and health) are
  // brought up to date as the hourly pass would.
  await t.services.facts.refresh();
}, 180_000);
afterAll(() => t.close());

type Role = 'csm' | 'cs_manager' | 'admin' | 'viewer';
const request = async (role: Role, method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown, lang = 'en') =>
  t.app.inject({
    method,
    url,
    payload: payload as object,
    headers: { ...(await t.as(role)).headers, 'accept-language': lang },
  });

describe('Team API', () => {
  it('counts a year back to the same calendar day', () => {
    expect(yearBefore('2026-06-15')).toBe('2025-06-15');
    expect(yearBefore('2024-02-29')).toBe('2023-02-28');
  });

  it('keeps capacity to managers and its setting to admins, audited', async () => {
    expect((await request('csm', 'GET', '/api/team')).statusCode).toBe(403);
    expect((await request('viewer', 'GET', '/api/team')).statusCode).toBe(403);
    expect((await request('cs_manager', 'GET', '/api/team/capacity')).json()).toEqual({
      basis: 'accounts',
      defaultLimit: null,
      overrides: {},
    });
    const capacity = { basis: 'accounts', defaultLimit: 2, overrides: { [t.users.cs_manager.id]: 1 } };
    expect((await request('cs_manager', 'PUT', '/api/team/capacity', capacity)).statusCode).toBe(403);
    const bad = await request('admin', 'PUT', '/api/team/capacity', { ...capacity, basis: 'logos' }, 'zh-CN');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('basis');
    const saved = await request('admin', 'PUT', '/api/team/capacity', capacity);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual(capacity);
    const audit = await t.services.audit.list({ entity: 'setting', entityId: 'team_capacity', page: 1, pageSize: 5 });
    expect(audit.items[0]).toMatchObject({ action: 'update', after: capacity });
  });

  it("shows each owner's book side by side against the hand-computed figures", async () => {
    const response = await request('cs_manager', 'GET', '/api/team');
    expect(response.statusCode).toBe(200);
    const team = response.json();
    expect(team).toMatchObject({
      asOf: '2026-06-15',
      currency: 'CNY',
      window: { from: '2025-06-15', to: '2026-06-15' },
    });
    const row = (ownerId: string | null) => team.rows.find((r: { ownerId: string | null }) => r.ownerId === ownerId);
    // Every role that owns accounts has a row (the admin's book is empty); the onboarding manager's CTA is not a book's.
    expect(team.rows.map((r: { ownerName: string | null }) => r.ownerName)).toEqual([
      'Test admin',
      'Test cs_manager',
      'Test csm',
      null,
    ]);
    expect(row(t.users.csm.id)).toEqual({
      ownerId: t.users.csm.id,
      ownerName: 'Test csm',
      role: 'csm',
      accounts: 3,
      arrMinor: 4_800_000,
      openCtas: 2,
      overdueCtas: 1,
      touches30: 2,
      renewals90: 1,
      renewals90ArrMinor: 2_400_000,
      arrAtRiskMinor: 2_400_000,
      churnedArrMinor: 600_000,
      expansionArrMinor: 1_200_000,
      nrr: 200_000 / 150_000,
      capacity: 2,
      load: 1.5,
      overCapacity: true,
    });
    expect(row(t.users.cs_manager.id)).toEqual({
      ownerId: t.users.cs_manager.id,
      ownerName: 'Test cs_manager',
      role: 'cs_manager',
      accounts: 1,
      arrMinor: 120_000,
      openCtas: 1,
      overdueCtas: 0,
      touches30: 1,
      renewals90: 0,
      renewals90ArrMinor: 0,
      arrAtRiskMinor: 0,
      churnedArrMinor: 0,
      expansionArrMinor: 0,
      nrr: 1,
      capacity: 1,
      load: 1,
      overCapacity: false,
    });
    expect(row(t.users.admin.id)).toMatchObject({ accounts: 0, capacity: 2, load: 0, overCapacity: false, nrr: null });
    expect(row(null)).toMatchObject({ accounts: 1, arrMinor: 60_000, nrr: null, capacity: null, overCapacity: false });
    expect(team.totals).toEqual({
      accounts: 5,
      arrMinor: 4_980_000,
      openCtas: 3,
      overdueCtas: 1,
      touches30: 3,
      renewals90: 1,
      renewals90ArrMinor: 2_400_000,
      arrAtRiskMinor: 2_400_000,
      churnedArrMinor: 600_000,
      expansionArrMinor: 1_200_000,
      nrr: 210_000 / 160_000,
    });
  });

  it('refuses a bad reassignment naming the field in the caller’s language; a CSM may not reassign', async () => {
    const from = t.users.csm.id;
    expect(
      (await request('csm', 'POST', '/api/team/reassign', { fromUserId: from, toUserId: t.users.admin.id })).statusCode,
    ).toBe(403);
    const cases = [
      [{ fromUserId: from, toUserId: '00000000-0000-4000-8000-000000000000' }, 'toUserId', '没有这个用户'],
      [{ fromUserId: '00000000-0000-4000-8000-000000000000', toUserId: from }, 'fromUserId', '没有这个用户'],
      [{ fromUserId: from, toUserId: from }, 'toUserId', '当前负责人以外'],
      [{ fromUserId: from, toUserId: t.users.sales.id }, 'toUserId', '角色可负责客户'],
      [{ fromUserId: from, toUserId: t.users.cs_manager.id, accountIds: [id.D] }, 'accountIds', '不在此人的客户组合'],
    ] as const;
    for (const [body, field, text] of cases) {
      const response = await request('cs_manager', 'POST', '/api/team/reassign', body, 'zh-CN');
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      const json = JSON.stringify(response.json());
      expect(json).toContain(field);
      expect(json).toContain(text);
    }
    const english = await request('cs_manager', 'POST', '/api/team/reassign', { fromUserId: from, toUserId: from });
    expect(JSON.stringify(english.json())).toContain('Pick someone other than the current owner');
    // Nothing moved.
    const owners = await t.services.accounts.briefs(Object.values(id));
    expect(owners.get(id.A!)?.ownerId).toBe(from);
  });

  it('moves chosen accounts, then the whole book, in one action: open CTAs follow, every account audited', async () => {
    const from = t.users.csm.id;
    const to = t.users.cs_manager.id;
    const some = await request('cs_manager', 'POST', '/api/team/reassign', {
      fromUserId: from,
      toUserId: to,
      accountIds: [id.B],
    });
    expect(some.statusCode).toBe(200);
    expect(some.json()).toEqual({ moved: 1, ctasMoved: 0 });

    const all = await request('admin', 'POST', '/api/team/reassign', { fromUserId: from, toUserId: to });
    expect(all.json()).toEqual({ moved: 2, ctasMoved: 2 });
    const owners = await t.services.accounts.briefs(Object.values(id));
    expect(['A', 'B', 'C', 'D'].map((n) => owners.get(id[n]!)?.ownerId)).toEqual([to, to, to, to]);
    const { rows: ctas } = await sql<{ id: string; owner_id: string }>`select id, owner_id from ctas`.execute(
      t.services.db,
    );
    const ownerOf = new Map(ctas.map((c) => [c.id, c.owner_id]));
    expect(ownerOf.get(cta.c1!)).toBe(to);
    expect(ownerOf.get(cta.c2!)).toBe(to);
    // Someone else's CTA and a closed one stay where they were.
    expect(ownerOf.get(cta.c3!)).toBe(t.users.onboarding.id);
    expect(ownerOf.get(cta.c4!)).toBe(from);

    const audit = await t.services.audit.list({ entity: 'account', page: 1, pageSize: 50 });
    const moves = audit.items.filter((e) => e.action === 'reassign');
    expect(moves.map((e) => e.entity_id).sort()).toEqual([id.A, id.B, id.C].sort());
    expect(moves.find((e) => e.entity_id === id.A)).toMatchObject({
      actor_name: 'Test admin',
      before: { owner_id: from },
      after: { owner_id: to },
    });
    const ctaAudit = await t.services.audit.list({ entity: 'cta', page: 1, pageSize: 50 });
    expect(
      ctaAudit.items
        .filter((e) => e.action === 'assign')
        .map((e) => e.entity_id)
        .sort(),
    ).toEqual([cta.c1, cta.c2].sort());

    const team = (await request('cs_manager', 'GET', '/api/team')).json();
    const row = (ownerId: string) => team.rows.find((r: { ownerId: string }) => r.ownerId === ownerId);
    expect(row(from)).toMatchObject({ accounts: 0, arrMinor: 0, openCtas: 0, overCapacity: false });
    expect(row(to)).toMatchObject({
      accounts: 4,
      arrMinor: 4_920_000,
      openCtas: 3,
      overdueCtas: 1,
      nrr: 210_000 / 160_000,
      overCapacity: true,
    });
    // A second run finds an empty book.
    expect((await request('admin', 'POST', '/api/team/reassign', { fromUserId: from, toUserId: to })).json()).toEqual({
      moved: 0,
      ctasMoved: 0,
    });
  });
});
