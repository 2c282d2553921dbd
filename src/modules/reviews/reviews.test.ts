import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { DEFAULT_REVIEW_CADENCES } from '../../shared/reviews.js';
import { cliActor } from '../audit/actor.js';

/**
 * Business reviews (docs/business-reviews.md) through the API on a fixed day, 15 June 2026 (UTC): the cadence
 * per tier, the due date computed by hand, the `review_due` CTA opening once per due review and never again
 * after it is closed, and logging a review (its own endpoint and the timeline's `qbr` type).
 */
let t: TestApp;
const TODAY = '2026-06-15';

beforeAll(async () => {
  t = await createTestApp({ TENURE_NOW: `${TODAY}T04:00:00Z`, TENURE_TIMEZONE: 'UTC' });
  // Only the rule under test runs.
  await sql`update cta_rules set enabled = (key = 'review_due')`.execute(t.database.db);
});
afterAll(() => t.close());

let n = 0;
async function account(tier: 'high_touch' | 'low_touch' | 'tech_touch' | null, firstPaidOn: string | null) {
  n += 1;
  const a = await t.services.accounts.create(cliActor, {
    name: `Review ${n}`,
    externalId: `review-${n}`,
    tier,
    firstPaidOn,
    ownerId: t.users.csm.id,
  });
  return a.id;
}
const reviewCtas = (accountId: string) =>
  t.database.db
    .selectFrom('ctas as c')
    .innerJoin('cta_rules as r', 'r.id', 'c.rule_id')
    .select(['c.id', 'c.fact_key', 'c.status', 'c.outcome', 'c.reason_params'])
    .where('c.account_id', '=', accountId)
    .where('r.key', '=', 'review_due')
    .orderBy('c.opened_at')
    .execute();
async function status(accountId: string) {
  const csm = await t.as('csm');
  const r = await t.app.inject({ method: 'GET', url: `/api/accounts/${accountId}/reviews`, headers: csm.headers });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

describe('business review cadence', () => {
  it('defaults to quarterly for high touch, half-yearly for low touch, none for tech touch', async () => {
    const csm = await t.as('csm');
    const r = await t.app.inject({ method: 'GET', url: '/api/review-cadences', headers: csm.headers });
    expect(r.json().items).toEqual([
      { tier: 'high_touch', months: 3, kind: 'qbr' },
      { tier: 'low_touch', months: 6, kind: 'qbr' },
      { tier: 'tech_touch', months: null, kind: 'qbr' },
    ]);
    // What the settings page shows as each tier's default is what the migration wrote.
    expect(r.json().items).toEqual(DEFAULT_REVIEW_CADENCES);
  });

  it('computes the due date: first payment + cadence without a review, last review + cadence after one', async () => {
    // High touch, paid 10 March, never reviewed: due 10 June, overdue on the 15th.
    const high = await account('high_touch', '2026-03-10');
    expect(await status(high)).toMatchObject({
      tier: 'high_touch',
      cadence: { months: 3, kind: 'qbr' },
      lastOn: null,
      dueOn: '2026-06-10',
      overdue: true,
      history: [],
    });
    // Low touch, paid 31 October: six months later is 30 April (the month's last day).
    const low = await account('low_touch', '2025-10-31');
    expect(await status(low)).toMatchObject({ lastOn: null, dueOn: '2026-04-30', overdue: true });
    // A review logged through the timeline on 31 January moves it to 31 July.
    const csm = await t.as('csm');
    const logged = await t.app.inject({
      method: 'POST',
      url: `/api/accounts/${low}/timeline`,
      payload: { type: 'qbr', reviewKind: 'ebr', occurredAt: '2026-01-31T09:00:00Z' },
      headers: csm.headers,
    });
    expect(logged.statusCode, logged.body).toBe(201);
    expect(logged.json()).toMatchObject({ type: 'qbr', data: { kind: 'ebr' } });
    expect(await status(low)).toMatchObject({
      lastOn: '2026-01-31',
      dueOn: '2026-07-31',
      overdue: false,
      history: [{ kind: 'ebr', authorName: t.users.csm.name }],
    });
    // A review dated after today is not counted yet.
    await t.services.timeline.add(cliActor, low, {
      type: 'qbr',
      occurredAt: '2026-06-20T09:00:00Z',
      data: { kind: 'qbr' },
    });
    expect((await status(low)).dueOn).toBe('2026-07-31');
    // No cadence for tech touch, no tier, or no first payment: nothing is due.
    for (const id of [
      await account('tech_touch', '2025-01-01'),
      await account(null, '2025-01-01'),
      await account('high_touch', null),
    ])
      expect(await status(id)).toMatchObject({ dueOn: null, overdue: false });
  });

  it('lets an admin change a tier’s cadence (audited) and refuses others and bad months', async () => {
    const tech = await account('tech_touch', '2025-09-01');
    const admin = await t.as('admin');
    const csm = await t.as('csm');
    const body = { items: [{ tier: 'tech_touch', months: 12, kind: 'ebr' }] };
    const refused = await t.app.inject({
      method: 'PUT',
      url: '/api/review-cadences',
      payload: body,
      headers: csm.headers,
    });
    expect(refused.statusCode).toBe(403);
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/review-cadences',
      payload: { items: [{ tier: 'tech_touch', months: 0, kind: 'ebr' }] },
      headers: admin.headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('items');
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/review-cadences',
      payload: body,
      headers: admin.headers,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().items[2]).toEqual({ tier: 'tech_touch', months: 12, kind: 'ebr' });
    expect(await status(tech)).toMatchObject({ cadence: { months: 12, kind: 'ebr' }, dueOn: '2026-09-01' });
    const audit = await t.services.audit.list({ entity: 'review_cadences', page: 1, pageSize: 10 });
    expect(audit.items).toHaveLength(1);
    await t.app.inject({
      method: 'PUT',
      url: '/api/review-cadences',
      payload: { items: [{ tier: 'tech_touch', months: null, kind: 'qbr' }] },
      headers: admin.headers,
    });
  });
});

describe('the review_due CTA', () => {
  it('opens once per due review, never again for it after closing, and again for the next review', async () => {
    const id = await account('high_touch', '2026-03-10'); // due 10 June
    await t.services.ctas.runRules();
    await t.services.ctas.runRules();
    let ctas = await reviewCtas(id);
    expect(ctas).toHaveLength(1);
    expect(ctas[0]).toMatchObject({ fact_key: 'review:2026-06-10', status: 'open' });
    expect(ctas[0]?.reason_params).toMatchObject({ kind: 'qbr', dueOn: '2026-06-10', months: 3 });

    await t.services.ctas.close(cliActor, ctas[0]?.id as string, 'no_action_needed', 'Held off-line');
    await t.services.ctas.runRules();
    ctas = await reviewCtas(id);
    expect(ctas.map((c) => c.status)).toEqual(['closed']);

    // Three months on from a review on 1 June: opens 14 days before 1 September, not earlier.
    await t.services.timeline.add(cliActor, id, {
      type: 'qbr',
      occurredAt: '2026-06-01T09:00:00Z',
      data: { kind: 'qbr' },
    });
    await t.services.ctas.runRules({ asOf: '2026-08-17T12:00:00Z' });
    expect(await reviewCtas(id)).toHaveLength(1);
    await t.services.ctas.runRules({ asOf: '2026-08-18T12:00:00Z' });
    ctas = await reviewCtas(id);
    expect(ctas.map((c) => [c.fact_key, c.status])).toEqual([
      ['review:2026-06-10', 'closed'],
      ['review:2026-09-01', 'open'],
    ]);
  });

  it('closes when the review is logged, and the next is due a cadence later', async () => {
    const id = await account('high_touch', '2026-03-20'); // due 20 June: opens from 6 June
    await t.services.ctas.runRules();
    expect((await reviewCtas(id)).map((c) => [c.fact_key, c.status])).toEqual([['review:2026-06-20', 'open']]);
    expect((await status(id)).overdue).toBe(false);

    const csm = await t.as('csm');
    const logged = await t.app.inject({
      method: 'POST',
      url: `/api/accounts/${id}/reviews`,
      payload: { kind: 'ebr', occurredAt: '2026-06-14T10:00:00+08:00', subject: 'H1 review', body: 'Goals agreed' },
      headers: csm.headers,
    });
    expect(logged.statusCode, logged.body).toBe(201);
    expect(logged.json()).toMatchObject({
      lastOn: '2026-06-14',
      dueOn: '2026-09-14',
      history: [{ kind: 'ebr', subject: 'H1 review', body: 'Goals agreed' }],
    });
    expect(await reviewCtas(id)).toMatchObject([
      { fact_key: 'review:2026-06-20', status: 'closed', outcome: 'condition_cleared' },
    ]);
    await t.services.ctas.runRules();
    expect(await reviewCtas(id)).toHaveLength(1);
    const timeline = await t.services.timeline.list(id, { page: 1, pageSize: 10, types: ['qbr'] });
    expect(timeline.items.map((i) => i.type)).toEqual(['qbr']);
  });

  it('refuses a review without its kind or for an unknown account', async () => {
    const csm = await t.as('csm');
    const id = await account('high_touch', '2026-01-01');
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/accounts/${id}/reviews`,
      payload: { occurredAt: '2026-06-14T10:00:00Z' },
      headers: csm.headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('kind');
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/accounts/00000000-0000-4000-8000-000000000000/reviews',
      payload: { kind: 'qbr', occurredAt: '2026-06-14T10:00:00Z' },
      headers: csm.headers,
    });
    expect(missing.statusCode).toBe(404);
  });
});
