import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';

/**
 * Today is 2026-06-15 (TENURE_NOW 04:00Z, Asia/Shanghai); "since yesterday" is the 24 hours before.
 * The book, hand-computed (ARR = MRR × 12 in minor units):
 *   A  csm         annual 1,200,000 from 2025-08-01 → ARR 1,200,000, renews 2026-08-01 (47 days);
 *                  health green 80 (05-16), green 75 (06-14) → red 30 (06-15); NPS 3 on 06-14 (detractor, new)
 *   B  csm         annual 2,400,000 from 2025-09-13 → ARR 2,400,000, renews 2026-09-13 (90 days: entered today);
 *                  health yellow 50 → yellow 55; NPS 4 on 06-10 (detractor, not new)
 *   C  csm         no subscription, ARR 0, onboarding since 2026-06-01 with a flagged CTA → onboarding red; NPS 9
 *   D  cs_manager  annual 600,000 from 2025-11-10 → ARR 600,000, renews 2026-11-10 (148 days);
 *                  health green 80 (05-16) → red 20 (06-15)
 *   E  nobody      monthly 10,000 from 2025-01-01 → ARR 120,000; health green 90 (06-15)
 * CTAs: c1 A csm due 06-10 (overdue), rule health_red, opened 06-14 10:00Z (new, an event)
 *       c2 B csm due 06-15 (today), by hand, opened 06-01
 *       c3 C csm due 06-30, rule nps_detractor, opened 06-10, flagged (an event, not new)
 *       c4 D cs_manager due 06-01 (overdue), by hand; c5 A csm due 06-01 but closed (counts nowhere)
 */
let t: TestApp;
const id: Record<string, string> = {};
const cta: Record<string, string> = {};

async function ruleId(trigger: string) {
  const { rows } = await sql<{ id: string }>`select id from cta_rules where trigger = ${trigger} limit 1`.execute(
    t.services.db,
  );
  return rows[0]!.id;
}

async function insertCta(
  name: string,
  v: { account: string; owner: string; dueOn: string; openedAt: string; trigger?: string; status?: string },
  flagged = false,
) {
  const rule = v.trigger ? await ruleId(v.trigger) : null;
  const { rows } = await sql<{ id: string }>`
    insert into ctas (account_id, rule_id, fact_key, type, reason_key, reason_params, title, priority, owner_id, due_on,
                      status, outcome, opened_at, closed_at, flagged)
    values (${id[v.account]}::uuid, ${rule}::uuid, ${rule ? `fact-${name}` : null}, 'risk',
            ${`ctas.reason.${v.trigger ?? 'manual'}`}, '{}'::jsonb, ${rule ? null : `Call ${v.account}`}, 'high',
            ${v.owner}::uuid, ${v.dueOn}::date, ${v.status ?? 'open'},
            ${v.status === 'closed' ? 'success' : null}, ${v.openedAt}::timestamptz,
            ${v.status === 'closed' ? v.openedAt : null}::timestamptz, ${flagged})
    returning id`.execute(t.services.db);
  cta[name] = rows[0]!.id;
}

beforeAll(async () => {
  t = await createTestApp();
  const csm = t.users.csm.id;
  const manager = t.users.cs_manager.id;
  const plan = [
    ['A', csm, 'year', '2025-08-01', 1_200_000],
    ['B', csm, 'year', '2025-09-13', 2_400_000],
    ['C', csm, null, null, 0],
    ['D', manager, 'year', '2025-11-10', 600_000],
    ['E', null, 'month', '2025-01-01', 10_000],
  ] as const;
  for (const [name, ownerId, interval, startsOn, amountMinor] of plan) {
    const onboarding = name === 'C' ? { firstPaidOn: '2026-06-01', lifecycleStage: 'onboarding' as const } : {};
    id[name] = (await t.services.accounts.create(cliActor, { name: `Account ${name}`, ownerId, ...onboarding })).id;
    if (interval)
      await t.services.subscriptions.recordVersion(cliActor, id[name], {
        subscriptionExternalId: `sub-${name}`,
        amountMinor,
        currency: 'CNY',
        interval,
        startsOn,
      });
  }
  await t.services.nps.bulkInsert(cliActor, [
    { accountId: id.A!, score: 3, respondedAt: '2026-06-14T20:00:00Z' },
    { accountId: id.B!, score: 4, respondedAt: '2026-06-10T08:00:00Z' },
    { accountId: id.C!, score: 9, respondedAt: '2026-06-15T01:00:00Z' },
  ]);
  const card = await t.services.health.create(cliActor, {
    name: 'Overall',
    primary: true,
    measures: [{ type: 'nps_latest', weight: 1, bad: 0, good: 10 }],
  });
  // Whatever the data-arrival listeners computed is replaced by the crafted history and CTAs.
  await sql`delete from health_snapshots`.execute(t.services.db);
  await sql`delete from ctas`.execute(t.services.db);
  const snapshots = [
    ['A', '2026-05-16', 80, 'green'],
    ['A', '2026-06-14', 75, 'green'],
    ['A', '2026-06-15', 30, 'red'],
    ['B', '2026-06-14', 50, 'yellow'],
    ['B', '2026-06-15', 55, 'yellow'],
    ['D', '2026-05-16', 80, 'green'],
    // The manager's account changes colour too: on the manager's Home, not on the CSM's.
    ['D', '2026-06-14', 70, 'green'],
    ['D', '2026-06-15', 20, 'red'],
    ['E', '2026-06-15', 90, 'green'],
  ] as const;
  for (const [name, day, score, color] of snapshots)
    await sql`insert into health_snapshots (scorecard_id, account_id, day, score, color, measure_ids, measure_values, measure_scores, measure_weights)
      values (${card.id}::uuid, ${id[name]}::uuid, ${day}::date, ${score}, ${color}, '{}', '{}', '{}', '{}')`.execute(
      t.services.db,
    );
  await insertCta('c1', {
    account: 'A',
    owner: csm,
    dueOn: '2026-06-10',
    openedAt: '2026-06-14T10:00:00Z',
    trigger: 'health_red',
  });
  await insertCta('c2', { account: 'B', owner: csm, dueOn: '2026-06-15', openedAt: '2026-06-01T02:00:00Z' });
  await insertCta(
    'c3',
    { account: 'C', owner: csm, dueOn: '2026-06-30', openedAt: '2026-06-10T02:00:00Z', trigger: 'nps_detractor' },
    true,
  );
  await insertCta('c4', { account: 'D', owner: manager, dueOn: '2026-06-01', openedAt: '2026-05-01T02:00:00Z' });
  // Opened yesterday on the manager's account (and closed since): the manager's event, not the CSM's.
  await insertCta('c6', {
    account: 'D',
    owner: manager,
    dueOn: '2026-06-20',
    openedAt: '2026-06-14T12:00:00Z',
    trigger: 'health_red',
    status: 'closed',
  });
  await insertCta('c5', {
    account: 'A',
    owner: csm,
    dueOn: '2026-06-01',
    openedAt: '2026-05-20T02:00:00Z',
    status: 'closed',
  });
  // Every account, answer and scorecard above is signalled and handled inline: slow on a busy machine.
  // The crafted snapshots bypass the health service, so the account facts (the books' ARR and health)
  // are brought up to date as the hourly pass would.
  await t.services.facts.refresh();
}, 180_000);
afterAll(() => t.close());

const get = async (role: 'csm' | 'cs_manager' | 'admin' | 'viewer', url: string, lang = 'en') =>
  t.app.inject({ method: 'GET', url, headers: { ...(await t.as(role)).headers, 'accept-language': lang } });

describe('Home API', () => {
  it("shows a CSM their own book: accounts, renewals, CTAs due, onboarding at risk, events and the day's changes", async () => {
    const response = await get('csm', '/api/home/csm');
    expect(response.statusCode).toBe(200);
    const home = response.json();
    expect(home).toMatchObject({ asOf: '2026-06-15', currency: 'CNY', owner: { id: t.users.csm.id } });
    expect(home.book).toMatchObject({
      accounts: 3,
      arrMinor: 3_600_000,
      colours: { red: 1, yellow: 1, green: 0, none: 1 },
    });
    // Attention order: red, yellow, unscored.
    expect(home.book.items).toEqual([
      { accountId: id.A, accountName: 'Account A', arrMinor: 1_200_000, score: 30, color: 'red', trend30: 'down' },
      { accountId: id.B, accountName: 'Account B', arrMinor: 2_400_000, score: 55, color: 'yellow', trend30: null },
      { accountId: id.C, accountName: 'Account C', arrMinor: 0, score: null, color: null, trend30: null },
    ]);
    expect(home.renewals).toMatchObject({ count: 2, arrMinor: 3_600_000 });
    expect(home.renewals.items.map((r: { accountId: string; daysLeft: number }) => [r.accountId, r.daysLeft])).toEqual([
      [id.A, 47],
      [id.B, 90],
    ]);
    expect(home.ctas).toMatchObject({ active: 3, overdue: 1, dueToday: 1 });
    expect(home.ctas.items.map((c: { id: string; overdue: boolean }) => [c.id, c.overdue])).toEqual([
      [cta.c1, true],
      [cta.c2, false],
    ]);
    expect(home.onboarding).toEqual({
      accounts: 1,
      atRisk: [{ accountId: id.C, accountName: 'Account C', colour: 'red', openCtas: 1, arrMinor: 0 }],
    });
    expect(home.events.map((e: { ctaId: string; trigger: string }) => [e.ctaId, e.trigger])).toEqual([
      [cta.c1, 'health_red'],
      [cta.c3, 'nps_detractor'],
    ]);
    expect(home.changes.health).toEqual([
      { accountId: id.A, accountName: 'Account A', from: 'green', to: 'red', score: 30 },
    ]);
    expect(home.changes.newCtas.map((c: { ctaId: string }) => c.ctaId)).toEqual([cta.c1]);
    expect(home.changes.detractors).toEqual([
      { accountId: id.A, accountName: 'Account A', score: 3, respondedAt: '2026-06-14T20:00:00.000Z' },
    ]);
    expect(home.changes.renewalsEntering).toEqual([
      { accountId: id.B, accountName: 'Account B', renewsOn: '2026-09-13', arrMinor: 2_400_000 },
    ]);
    // The tile is counted from the account facts; the Renewals page from the contract terms: they agree.
    const centre = (await get('csm', `/api/renewals?days=90&ownerId=${t.users.csm.id}`)).json();
    expect([centre.total, centre.arrMinor]).toEqual([home.renewals.count, home.renewals.arrMinor]);
    expect(centre.items.map((r: { accountId: string }) => r.accountId)).toEqual(
      home.renewals.items.map((r: { accountId: string }) => r.accountId),
    );
  });

  it("lets a manager open any CSM's book; a CSM only their own, a viewer their own (empty) book", async () => {
    const other = await get('cs_manager', `/api/home/csm?ownerId=${t.users.csm.id}`);
    expect(other.statusCode).toBe(200);
    expect(other.json().book.accounts).toBe(3);
    const own = (await get('cs_manager', '/api/home/csm')).json();
    expect(own.book).toMatchObject({ accounts: 1, arrMinor: 600_000, colours: { red: 1 } });
    expect(own.ctas).toMatchObject({ active: 1, overdue: 1, dueToday: 0 });
    // Only their own book's renewals and onboarding accounts: D renews in 148 days, C is the CSM's.
    expect(own.renewals).toMatchObject({ count: 0, items: [] });
    expect(own.onboarding).toEqual({ accounts: 0, atRisk: [] });
    // The events and the day's changes of their own book only (the CSM's Home above has none of these).
    expect(own.events.map((e: { ctaId: string }) => e.ctaId)).toEqual([cta.c6]);
    expect(own.changes.health).toEqual([
      { accountId: id.D, accountName: 'Account D', from: 'green', to: 'red', score: 20 },
    ]);
    expect(own.changes.newCtas.map((c: { ctaId: string }) => c.ctaId)).toEqual([cta.c6]);
    // A's detractor answer came since yesterday too, but A is the CSM's.
    expect(own.changes.detractors).toEqual([]);

    const refused = await get('csm', `/api/home/csm?ownerId=${t.users.cs_manager.id}`);
    expect(refused.statusCode).toBe(403);
    const viewer = await get('viewer', '/api/home/csm');
    expect(viewer.statusCode).toBe(200);
    expect(viewer.json().book).toMatchObject({ accounts: 0, arrMinor: 0, items: [] });
    expect(viewer.json().renewals).toMatchObject({ count: 0, items: [] });

    const bad = await get('cs_manager', '/api/home/csm?ownerId=nope', 'zh-CN');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('ownerId');
    const unknown = await get('cs_manager', '/api/home/csm?ownerId=00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
  });

  it('gives managers the team view: ARR at risk and overdue CTAs by CSM, forecast, health movement, onboarding', async () => {
    expect((await get('csm', '/api/home/team')).statusCode).toBe(403);
    expect((await get('viewer', '/api/home/team')).statusCode).toBe(403);
    const response = await get('cs_manager', '/api/home/team');
    expect(response.statusCode).toBe(200);
    const team = response.json();
    expect(team.csms).toEqual([
      {
        ownerId: t.users.csm.id,
        ownerName: 'Test csm',
        accounts: 3,
        arrMinor: 3_600_000,
        arrAtRiskMinor: 1_200_000,
        arrWatchMinor: 2_400_000,
        activeCtas: 3,
        overdueCtas: 1,
      },
      {
        ownerId: t.users.cs_manager.id,
        ownerName: 'Test cs_manager',
        accounts: 1,
        arrMinor: 600_000,
        arrAtRiskMinor: 600_000,
        arrWatchMinor: 0,
        activeCtas: 1,
        overdueCtas: 1,
      },
      {
        ownerId: null,
        ownerName: null,
        accounts: 1,
        arrMinor: 120_000,
        arrAtRiskMinor: 0,
        arrWatchMinor: 0,
        activeCtas: 0,
        overdueCtas: 0,
      },
    ]);
    expect(team.totals).toEqual({
      accounts: 5,
      arrMinor: 4_320_000,
      arrAtRiskMinor: 1_800_000,
      arrWatchMinor: 2_400_000,
      overdueCtas: 2,
    });
    // Within 90 days: A (47) and B (90); D (148) is not.
    expect(team.renewals).toMatchObject({ days: 90, renewals: 2, pipelineMinor: 3_600_000 });
    expect(team.health).toEqual({
      today: { day: '2026-06-15', red: 2, yellow: 1, green: 1 },
      before: { day: '2026-05-16', red: 0, yellow: 0, green: 2 },
    });
    expect(team.onboarding).toEqual({ accounts: 1, green: 0, yellow: 0, red: 1, arrAtRiskMinor: 0 });

    // The movement counts live accounts: a deleted account's snapshots leave it.
    const gone = (await t.services.accounts.create(cliActor, { name: 'Gone' })).id;
    const primary = await t.database.db
      .selectFrom('health_scorecards')
      .select('id')
      .where('is_primary', '=', true)
      .executeTakeFirstOrThrow();
    await sql`insert into health_snapshots (scorecard_id, account_id, day, score, color, measure_ids, measure_values, measure_scores, measure_weights)
      values (${primary.id}::uuid, ${gone}::uuid, '2026-06-15', 10, 'red', '{}', '{}', '{}', '{}')`.execute(
      t.services.db,
    );
    const today = async () => (await get('cs_manager', '/api/home/team')).json().health.today;
    expect(await today()).toEqual({ day: '2026-06-15', red: 3, yellow: 1, green: 1 });
    await t.services.accounts.remove(cliActor, gone);
    expect(await today()).toEqual({ day: '2026-06-15', red: 2, yellow: 1, green: 1 });
  });

  it('gives admins the data freshness: last event, Stripe event, import, failures', async () => {
    expect((await get('cs_manager', '/api/home/freshness')).statusCode).toBe(403);
    const empty = (await get('admin', '/api/home/freshness')).json();
    expect(empty).toEqual({
      lastEventAt: null,
      lastStripeEvent: null,
      lastImport: null,
      failedImports: 0,
      refusedStripeEvents: 0,
    });
    await sql`insert into usage_events (message_id, type, event, user_id, account_id, timestamp, day, received_at)
      values ('m1', 'track', 'login', 'u1', ${id.A}::uuid, '2026-06-14T09:00:00Z', '2026-06-14', '2026-06-14T09:00:05Z')`.execute(
      t.services.db,
    );
    await sql`insert into import_jobs (kind, file_name, state, error, created_at, updated_at, finished_at)
      values ('accounts', 'old.csv', 'done', null, '2026-06-01T00:00:00Z', '2026-06-01T00:00:00Z', '2026-06-01T00:01:00Z'),
             ('usage', 'usage.csv', 'failed', 'boom', '2026-06-14T00:00:00Z', '2026-06-14T00:00:00Z', '2026-06-14T00:02:00Z')`.execute(
      t.services.db,
    );
    const fresh = (await get('admin', '/api/home/freshness')).json();
    expect(fresh).toEqual({
      lastEventAt: '2026-06-14T09:00:05.000Z',
      lastStripeEvent: null,
      lastImport: {
        kind: 'usage',
        fileName: 'usage.csv',
        state: 'failed',
        createdAt: '2026-06-14T00:00:00.000Z',
        finishedAt: '2026-06-14T00:02:00.000Z',
      },
      failedImports: 1,
      refusedStripeEvents: 0,
    });
  });
});
