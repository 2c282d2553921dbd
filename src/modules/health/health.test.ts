/**
 * The scoring engine on a small crafted data set, every number computed by hand (see comments).
 * Today is 2026-06-15 in UTC; "the last 30 days" as of D is (D−30, D].
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';
import { MEASURE_TYPES, type MeasureType } from '../../shared/health.js';

let t: TestApp;
const ids: Record<'a' | 'b' | 'c' | 'd', string> = { a: '', b: '', c: '', d: '' };
const days = (from: string, n: number) =>
  Array.from({ length: n }, (_, i) =>
    new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
  );

async function version(accountId: string, startsOn: string, endsOn: string | null, status = 'active') {
  const sub = await t.services.db
    .insertInto('subscriptions')
    .values({ account_id: accountId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.services.db
    .insertInto('subscription_versions')
    .values({
      subscription_id: sub.id,
      account_id: accountId,
      quantity: 10,
      amount_minor: 100_000,
      currency: 'CNY',
      interval: 'year',
      starts_on: startsOn,
      ends_on: endsOn,
      status: status as 'active',
    })
    .execute();
}

beforeAll(async () => {
  t = await createTestApp({ TENURE_TIMEZONE: 'UTC' });
  const s = t.services;
  // Customers all (health scores customers only): B's first payment was entered by hand, the others' versions are written below.
  const paid = { a: '2026-01-01', b: '2026-01-01', c: '2025-06-01', d: '2025-06-05' };
  for (const key of ['a', 'b', 'c', 'd'] as const)
    ids[key] = (
      await s.accounts.create(cliActor, {
        name: `Account ${key.toUpperCase()}`,
        firstPaidOn: paid[key],
        attributes: key === 'a' ? { arr: 1200 } : {},
      })
    ).id;
  await s.settings.set(cliActor, 'product_modules', [
    { key: 'reporting', name: 'Reporting', core: true },
    { key: 'automation', name: 'Automation', core: true },
  ]);
  await s.settings.set(cliActor, 'key_behaviour', { event: 'report_viewed', perWeek: 3 });
  // Imported roll-ups do not fill the catalogue; the Events page would map the event like this.
  await s.db.insertInto('event_catalogue').values({ event: 'report_viewed', module: 'reporting' }).execute();
  // A: 10 seats; 5 active users on June 1–10 and report_viewed twice a day; 4 active on May 1–10.
  await version(ids.a, '2026-01-01', null);
  await s.usage.recordDaily([
    ...days('2026-06-01', 10).flatMap((day) => [
      { accountId: ids.a, day, event: 'login', count: 5, users: 5 },
      { accountId: ids.a, day, event: 'report_viewed', count: 2, users: 2 },
    ]),
    ...days('2026-05-01', 10).map((day) => ({ accountId: ids.a, day, event: 'login', count: 4, users: 4 })),
  ]);
  await s.tickets.bulkInsert(cliActor, [
    {
      accountId: ids.a,
      subject: 'urgent, still open',
      priority: 'urgent',
      status: 'open',
      openedAt: '2026-06-12T09:00:00Z',
    },
    {
      accountId: ids.a,
      subject: 'May',
      priority: 'normal',
      status: 'closed',
      openedAt: '2026-05-01T09:00:00Z',
      closedAt: '2026-05-02T09:00:00Z',
    },
    {
      accountId: ids.a,
      subject: 'long one',
      priority: 'high',
      status: 'closed',
      openedAt: '2026-04-01T09:00:00Z',
      closedAt: '2026-06-14T10:00:00Z',
    },
  ]);
  await s.nps.bulkInsert(cliActor, [
    { accountId: ids.a, score: 8, respondedAt: '2026-03-01T10:00:00Z' },
    { accountId: ids.a, score: 6, respondedAt: '2026-06-01T10:00:00Z' },
    // C churned on June 1 after answering 2; D renewed on June 5 after answering 9.
    { accountId: ids.c, score: 2, respondedAt: '2026-02-01T10:00:00Z' },
    { accountId: ids.d, score: 9, respondedAt: '2026-02-01T10:00:00Z' },
  ]);
  await s.health.setSentiment(cliActor, ids.a, { value: 4, comment: 'Champion is happy', expiresOn: '2026-07-01' });
  await s.health.setSentiment(cliActor, ids.b, { value: 2, comment: 'Quiet', expiresOn: '2026-06-20' });
  await version(ids.c, '2025-06-01', '2026-06-01');
  await version(ids.d, '2025-06-05', null);
});
afterAll(() => t.close());

async function valuesOf(scorecardId: string, accountId: string, day: string) {
  const rows = await t.services.db
    .selectFrom('health_measure_snapshots as m')
    .innerJoin('health_measures as h', 'h.id', 'm.measure_id')
    .select(['h.type', 'm.value'])
    .where('m.scorecard_id', '=', scorecardId)
    .where('m.account_id', '=', accountId)
    .where('m.day', '=', day)
    .execute();
  return Object.fromEntries(
    rows.map((r) => [r.type, r.value === null ? null : Math.round(Number(r.value) * 100) / 100]),
  );
}

describe('measures', () => {
  it('computes every measure of the catalogue as of a day, and marks inputs without data missing', async () => {
    const every = await t.services.health.create(cliActor, {
      name: 'Every measure',
      measures: MEASURE_TYPES.map((type: MeasureType) => ({
        type,
        weight: 1,
        bad: 0,
        good: 1,
        attributeKey: type === 'custom_attribute' ? 'arr' : null,
      })),
    });
    await t.services.health.recompute({ asOfDay: '2026-06-15' });
    expect(await valuesOf(every.id, ids.a, '2026-06-15')).toEqual({
      active_users_per_seat: 50, // busiest day 5 users ÷ 10 seats
      core_module_breadth: 50, // reporting used, automation not
      key_behaviour_frequency: 50, // weeks (Jun 9–15) 4× and (Jun 2–8) 14× reach 3; (May 26–Jun 1) 2×, (May 19–25) none
      days_since_last_activity: 5, // last active June 10
      usage_trend: 25, // 50 user-days against 40 in the 30 days before
      open_tickets: 1, // the urgent one; the high one closed yesterday
      urgent_tickets: 1,
      ticket_trend: 0, // 1 opened in the last 30 days, 1 in the 30 before
      nps_latest: 6,
      nps_average: 7,
      billing_status: 100,
      milestones_on_time: null, // no milestones
      csm_sentiment: 4,
      custom_attribute: 1200,
    });
    // B: no seats, no usage, no NPS; the org has usage since May 1, so no usage counts as zero.
    expect(await valuesOf(every.id, ids.b, '2026-06-15')).toEqual({
      active_users_per_seat: null,
      core_module_breadth: 0,
      key_behaviour_frequency: 0,
      days_since_last_activity: 45, // never active: counted from May 1, the first day of usage data
      usage_trend: null,
      open_tickets: 0,
      urgent_tickets: 0,
      ticket_trend: 0,
      nps_latest: null,
      nps_average: null,
      billing_status: null,
      milestones_on_time: null,
      csm_sentiment: 2,
      custom_attribute: null,
    });
    // Ten days on, B's sentiment has expired (missing) and A's has not; the high ticket was open on June 8.
    await t.services.health.recompute({ asOfDay: '2026-06-25' });
    expect((await valuesOf(every.id, ids.b, '2026-06-25')).csm_sentiment).toBeNull();
    expect((await valuesOf(every.id, ids.a, '2026-06-25')).csm_sentiment).toBe(4);
    await t.services.health.recompute({ asOfDay: '2026-06-08' });
    expect((await valuesOf(every.id, ids.a, '2026-06-08')).open_tickets).toBe(1);
    expect((await valuesOf(every.id, ids.a, '2026-06-08')).csm_sentiment).toBeNull(); // not set yet then
    await t.services.health.remove(cliActor, every.id);
  });
});

describe('onboarding milestones on time', () => {
  it('is the share of the milestones due by the day (or done early) that were completed by their due date', async () => {
    const card = await t.services.health.create(cliActor, {
      name: 'Milestones',
      measures: [{ type: 'milestones_on_time', weight: 1, bad: 0, good: 100 }],
    });
    const templates = await t.services.db
      .selectFrom('milestone_templates')
      .select('id')
      .orderBy('position')
      .limit(4)
      .execute();
    const milestone = (i: number, dueOn: string, completedOn: string | null) =>
      t.services.db
        .insertInto('account_milestones')
        .values({
          account_id: ids.a,
          template_id: templates[i]!.id,
          due_on: dueOn,
          completed_on: completedOn,
          completed_how: completedOn ? 'manual' : null,
        })
        .execute();
    await milestone(0, '2026-05-10', '2026-05-08'); // on time
    await milestone(1, '2026-05-30', '2026-06-02'); // late
    await milestone(2, '2026-06-10', null); // overdue on June 15
    await milestone(3, '2026-07-01', '2026-06-12'); // not due yet, done early: on time
    await t.services.health.recompute({ asOfDay: '2026-06-15' });
    // 2 on time (the first and the early one) of 4 counted.
    expect((await valuesOf(card.id, ids.a, '2026-06-15')).milestones_on_time).toBe(50);
    // On May 20 only the first was due: 1 of 1.
    await t.services.health.recompute({ asOfDay: '2026-05-20' });
    expect((await valuesOf(card.id, ids.a, '2026-05-20')).milestones_on_time).toBe(100);
    // B has no milestones: missing, so no score at all on this one-measure card.
    expect(await valuesOf(card.id, ids.b, '2026-06-15')).toEqual({});
    await t.services.db.deleteFrom('account_milestones').where('account_id', '=', ids.a).execute();
    await t.services.health.remove(cliActor, card.id);
  });
});

describe('scores', () => {
  let cardId = '';
  it('weights the measures present, leaves missing ones out, and colours by the thresholds', async () => {
    const card = await t.services.health.create(cliActor, {
      name: 'Overall',
      primary: true,
      measures: [
        { type: 'active_users_per_seat', weight: 3, bad: 0, good: 100 },
        { type: 'usage_trend', weight: 1, bad: -50, good: 50 },
        { type: 'open_tickets', weight: 2, bad: 4, good: 0 },
        { type: 'nps_latest', weight: 2, bad: 0, good: 10 },
        { type: 'csm_sentiment', weight: 2, bad: 1, good: 5 },
      ],
    });
    cardId = card.id;
    const result = await t.services.health.recompute({ asOfDay: '2026-06-15' });
    expect(result).toMatchObject({ scorecards: 1, days: 1 });
    const rows = await t.services.db
      .selectFrom('health_snapshots')
      .select(['account_id', 'score', 'color'])
      .where('scorecard_id', '=', card.id)
      .where('day', '=', '2026-06-15')
      .execute();
    const by = Object.fromEntries(rows.map((r) => [r.account_id, { score: Number(r.score), color: r.color }]));
    // A: (50·3 + 75·1 + 75·2 + 60·2 + 75·2) / 10 = 64.5 → yellow.
    expect(by[ids.a]).toEqual({ score: 64.5, color: 'yellow' });
    // B: only open tickets (0 → 100) and sentiment (2 → 25) have data: (100·2 + 25·2) / 4 = 62.5.
    expect(by[ids.b]).toEqual({ score: 62.5, color: 'yellow' });

    await t.services.health.update(cliActor, card.id, { greenFrom: 60 });
    await t.services.health.recompute({ asOfDay: '2026-06-15' });
    const again = await t.services.health.currentForAccounts([ids.a]);
    expect(again.map((c) => [c.score, c.color])).toEqual([[64.5, 'green']]);
    await t.services.health.update(cliActor, card.id, { greenFrom: 70 });
  });

  it('recomputes idempotently and drops snapshots of scorecards that no longer apply', async () => {
    await t.services.health.recompute({ asOfDay: '2026-06-15' });
    const count = async () =>
      Number(
        (
          await sql<{ n: number }>`select count(*) as n from health_snapshots where day = '2026-06-15'`.execute(
            t.services.db,
          )
        ).rows[0]!.n,
      );
    const before = await count();
    const snapshot = await t.services.db
      .selectFrom('health_snapshots')
      .selectAll()
      .where('day', '=', '2026-06-15')
      .orderBy('account_id')
      .execute();
    await t.services.health.recompute({ asOfDay: '2026-06-15' });
    expect(await count()).toBe(before);
    expect(
      await t.services.db
        .selectFrom('health_snapshots')
        .selectAll()
        .where('day', '=', '2026-06-15')
        .orderBy('account_id')
        .execute(),
    ).toEqual(snapshot);
    // Only for accounts with a high ARR attribute: B's snapshot goes on the next recompute.
    const segment = await t.services.segments.create(cliActor, {
      name: 'Has ARR',
      rules: { match: 'all', conditions: [{ field: 'attributes.arr', op: 'gt', value: 100 }] },
    });
    await t.services.health.update(cliActor, cardId, { segmentIds: [segment.id] });
    await t.services.health.recompute({ asOfDay: '2026-06-15', accountIds: [ids.a, ids.b] });
    expect(
      (await t.services.health.currentForAccounts([ids.b])).filter(
        (c) => c.scorecardId === cardId && c.day === '2026-06-15',
      ),
    ).toEqual([]);
    await t.services.health.update(cliActor, cardId, { segmentIds: [] });
  });

  it('gives the trend against 7 days ago and what moved the score, largest first', async () => {
    // As of June 8: active 50 %, trend (44 − 36) / 36 = 22.2 % → 72.2, the high ticket open → 75,
    // NPS 6 → 60, no sentiment yet: (150 + 72.2 + 150 + 120) / 8 = 61.5.
    await t.services.health.recompute({ asOfDay: '2026-06-08' });
    await t.services.health.recompute({ asOfDay: '2026-06-15' });
    const health = await t.services.health.accountHealth(ids.a);
    const overall = health.scorecards.find((c) => c.scorecardId === cardId)!;
    expect(overall.history.map((h) => [h.day, h.score])).toEqual([
      ['2026-06-08', 61.5],
      ['2026-06-15', 64.5],
    ]);
    expect(overall.trend7).toBe('up'); // +3.0 points: beyond the ±3 flat band's inside
    expect(overall.trend30).toBeNull();
    expect(overall.since).toBe('2026-06-08');
    // Contributions (score × weight ÷ weights present): June 8 ÷ 8, June 15 ÷ 10.
    expect(Object.fromEntries(overall.changes.map((c) => [c.type, c.points]))).toEqual({
      csm_sentiment: 15, // 0 → 75·2/10
      active_users_per_seat: -3.7, // 50·3/8 = 18.75 → 15
      open_tickets: -3.7, // 75·2/8 = 18.75 → 15
      nps_latest: -3, // 15 → 12
      usage_trend: -1.5, // 72.2/8 = 9.03 → 7.5
    });
    expect(overall.changes.map((c) => Math.abs(c.points))).toEqual([15, 3.7, 3.7, 3, 1.5]);
    expect(overall.measures.find((m) => m.type === 'csm_sentiment')).toMatchObject({
      value: 4,
      score: 75,
      weight: 2,
      share: 0.2,
    });
    expect(health.sentiment).toMatchObject({
      value: 4,
      comment: 'Champion is happy',
      expiresOn: '2026-07-01',
      current: true,
    });
  });

  it("gives renewals each account's latest primary score and colour, as the full read does", async () => {
    // Snapshots of June 8 and June 15 exist: the latest wins. An account never scored is absent.
    const unscored = (await t.services.accounts.create(cliActor, { name: 'Never scored' })).id;
    const full = (await t.services.health.currentForAccounts([ids.a, ids.b])).filter((c) => c.primary);
    expect(full.map((c) => c.day)).toEqual(['2026-06-15', '2026-06-15']);
    const primary = await t.services.health.primaryForAccounts([ids.a, ids.b, unscored, ids.a]);
    expect(primary).toEqual(new Map(full.map((c) => [c.accountId, { score: c.score, color: c.color }])));
    await t.services.accounts.remove(cliActor, unscored);
  });

  it('lists accounts red on every day of the last weeks', async () => {
    // Nothing is red yet; make the primary scorecard's red line 70 and score June 2–15 daily.
    await t.services.health.update(cliActor, cardId, { redBelow: 70 });
    await t.services.health.recompute({ days: days('2026-06-02', 14) });
    expect(await t.services.health.accountsRedForWeeks(2, '2026-06-15')).toEqual(expect.arrayContaining([ids.a]));
    expect(await t.services.health.accountsRedForWeeks(3, '2026-06-15')).toEqual([]); // no snapshots before June 2
    await t.services.health.update(cliActor, cardId, { redBelow: 40 });
  });

  it('backtests: scored 90 days before, churned C (NPS 2) below renewed D (NPS 9)', async () => {
    const card = await t.services.health.create(cliActor, {
      name: 'NPS only',
      measures: [{ type: 'nps_latest', weight: 1, bad: 0, good: 10 }],
    });
    const result = await t.services.health.backtest({ scorecardId: card.id, from: '2026-05-01', to: '2026-06-15' });
    expect(result).toMatchObject({ events: 2, scored: 2, churned: 1, renewed: 1, auc: 1, verdict: 'predictive' });
    expect(result.bands).toEqual([
      { color: 'red', accounts: 1, churned: 1, churnRate: 1 },
      { color: 'yellow', accounts: 0, churned: 0, churnRate: null },
      { color: 'green', accounts: 1, churned: 0, churnRate: 0 },
    ]);
    // The backtest writes no snapshots.
    expect(
      await t.services.db.selectFrom('health_snapshots').select('day').where('scorecard_id', '=', card.id).execute(),
    ).toEqual([]);
  });
});

describe('who is scored', () => {
  it('scores customers only: an account that has never paid (a trial, a handoff) gets no score and loses one it had', async () => {
    const s = t.services;
    // No ticket is a perfect ticket score: a trial and a handoff would be scored on that alone.
    const card = await s.health.create(cliActor, {
      name: 'Tickets',
      measures: [{ type: 'open_tickets', weight: 1, bad: 4, good: 0 }],
    });
    const trial = (await s.accounts.create(cliActor, { name: 'On trial' })).id;
    const sub = await s.db
      .insertInto('subscriptions')
      .values({ account_id: trial })
      .returning('id')
      .executeTakeFirstOrThrow();
    await s.db
      .insertInto('subscription_versions')
      .values({
        subscription_id: sub.id,
        account_id: trial,
        quantity: 5,
        amount_minor: 0,
        currency: 'CNY',
        interval: 'month',
        starts_on: '2026-06-05',
        ends_on: '2026-06-19',
        status: 'trialing',
      })
      .execute();
    const handoff = (await s.accounts.create(cliActor, { name: 'In handoff' })).id;
    const paysLater = (await s.accounts.create(cliActor, { name: 'Pays on the 20th', firstPaidOn: '2026-06-20' })).id;
    // A snapshot from when accounts that had never paid were scored too.
    await s.db
      .insertInto('health_snapshots')
      .values({
        scorecard_id: card.id,
        account_id: trial,
        day: '2026-06-14',
        score: 30,
        color: 'red',
        measure_ids: sql`'{}'::uuid[]`,
        measure_values: [],
        measure_scores: [],
        measure_weights: [],
      } as never)
      .execute();
    await s.health.recompute({ asOfDay: '2026-06-15' });
    const scored = await s.db
      .selectFrom('health_snapshots')
      .select(['account_id', 'day'])
      .where('scorecard_id', '=', card.id)
      .execute();
    expect(scored.filter((r) => [trial, handoff, paysLater].includes(r.account_id))).toEqual([]);
    expect(scored.map((r) => r.account_id)).toEqual(expect.arrayContaining([ids.a, ids.b]));
    expect(await s.health.currentForAccounts([trial, handoff])).toEqual([]);
    await s.health.remove(cliActor, card.id);
  });
});
