import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';

/**
 * The business review deck's content (docs/business-reviews.md) on 15 June 2026 (UTC) for a high-touch account
 * last reviewed on 1 April: the period runs from that review, trends over the six months January–June.
 */
let t: TestApp;
let id: string;

beforeAll(async () => {
  t = await createTestApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC', TENURE_LOCALE: 'en' });
  const account = await t.services.accounts.create(cliActor, {
    name: 'Deck Co',
    externalId: 'deck-1',
    tier: 'high_touch',
    firstPaidOn: '2025-06-01',
    ownerId: t.users.csm.id,
    attributes: { language: 'zh-CN' },
  });
  id = account.id;
  await t.services.timeline.add(cliActor, id, {
    type: 'qbr',
    occurredAt: '2026-04-01T09:00:00Z',
    data: { kind: 'qbr' },
  });
  await t.services.tickets.bulkInsert(cliActor, [
    // Before the period: not counted.
    {
      accountId: id,
      subject: 'Old',
      priority: 'high',
      status: 'closed',
      openedAt: '2026-03-01T00:00:00Z',
      closedAt: '2026-03-02T00:00:00Z',
      csat: 1,
    },
    {
      accountId: id,
      subject: 'A',
      priority: 'urgent',
      status: 'solved',
      openedAt: '2026-04-10T00:00:00Z',
      closedAt: '2026-04-11T00:00:00Z',
      csat: 5,
    },
    {
      accountId: id,
      subject: 'B',
      priority: 'normal',
      status: 'closed',
      openedAt: '2026-05-10T00:00:00Z',
      closedAt: '2026-05-12T00:00:00Z',
      csat: 4,
    },
    { accountId: id, subject: 'C', priority: 'normal', status: 'open', openedAt: '2026-06-10T00:00:00Z' },
  ]);
  await t.services.nps.bulkInsert(cliActor, [
    { accountId: id, score: 3, respondedAt: '2026-02-01T00:00:00Z' },
    { accountId: id, score: 10, respondedAt: '2026-04-20T00:00:00Z' },
    { accountId: id, score: 9, respondedAt: '2026-05-20T00:00:00Z' },
    { accountId: id, score: 6, respondedAt: '2026-06-01T00:00:00Z' },
  ]);
  await t.services.successPlans.createObjective(cliActor, id, { title: 'Roll out reports', status: 'achieved' });
  await t.services.successPlans.createObjective(cliActor, id, { title: 'Cut ticket volume', status: 'on_track' });
  await t.services.usage.recordDaily([
    { accountId: id, day: '2025-12-31', event: 'report.viewed', count: 99, users: 1 },
    { accountId: id, day: '2026-01-05', event: 'report.viewed', count: 10, users: 2 },
    { accountId: id, day: '2026-06-01', event: 'report.viewed', count: 7, users: 2 },
    { accountId: id, day: '2026-06-02', event: 'report.viewed', count: 3, users: 1 },
  ]);
});
afterAll(() => t.close());

describe('business review deck', () => {
  it('composes summary, usage trend, support, NPS, benchmark and the plan for the period since the last review', async () => {
    const csm = await t.as('csm');
    const r = await t.app.inject({ method: 'GET', url: `/api/accounts/${id}/reviews/deck`, headers: csm.headers });
    expect(r.statusCode, r.body).toBe(200);
    const deck = r.json();
    expect(deck).toMatchObject({
      language: 'zh-CN', // the account's language
      generatedOn: '2026-06-15',
      kind: 'qbr',
      period: { from: '2026-04-01', to: '2026-06-15' },
      account: { name: 'Deck Co', tier: 'high_touch', ownerName: t.users.csm.name },
      support: {
        opened: 3,
        closed: 2,
        openNow: 1,
        byPriority: { low: 0, normal: 2, high: 0, urgent: 1 },
        csatAverage: 4.5,
        csatCount: 2,
      },
      // Three answers in the period: 2 promoters, 1 detractor → (2 − 1) / 3 = 33.
      nps: { responses: 3, promoters: 2, passives: 0, detractors: 1, score: 33, latest: 6 },
      plan: { nextReviewOn: '2026-07-01' },
      benchmark: { group: 'tier', groupValue: 'high_touch' },
    });
    // Objectives from the success plan: achieved ones are value delivered, the open ones the next plan.
    expect(deck.objectives.map((o: { title: string }) => o.title).sort()).toEqual([
      'Cut ticket volume',
      'Roll out reports',
    ]);
    expect(deck.value.objectivesAchieved).toEqual(['Roll out reports']);
    expect(deck.plan.objectives).toMatchObject([{ title: 'Cut ticket volume', status: 'on_track' }]);
    expect(deck.usage.months).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    expect(deck.usage.modules).toEqual([{ key: '', name: '', events: [10, 0, 0, 0, 0, 10] }]);
    expect(deck.usage.activeUsers).toHaveLength(6);

    const en = await t.app.inject({
      method: 'GET',
      url: `/api/accounts/${id}/reviews/deck?lang=en`,
      headers: csm.headers,
    });
    expect(en.json().language).toBe('en');
    const bad = await t.app.inject({
      method: 'GET',
      url: `/api/accounts/${id}/reviews/deck?lang=fr`,
      headers: csm.headers,
    });
    expect(bad.statusCode).toBe(400);
  });
});
