import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';
import { createAdvocacyService } from './advocacy.service.js';

let t: TestApp;
let sales: Session;
let support: Session;
let viewer: Session;
let csm: Session;
const id: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  [sales, support, viewer, csm] = await Promise.all([t.as('sales'), t.as('support'), t.as('viewer'), t.as('csm')]);
  for (const name of ['Promoter', 'Fresh', 'Passive', 'Detractor']) {
    id[name] = (await t.services.accounts.create(cliActor, { name, ownerId: t.users.csm.id })).id;
    await t.services.subscriptions.recordVersion(cliActor, id[name]!, {
      subscriptionExternalId: `s-${name}`,
      amountMinor: 1_200_000,
      currency: 'CNY',
      interval: 'year',
      startsOn: '2025-01-10',
    });
  }
});
afterAll(() => t.close());

const post = (url: string, payload: unknown, session: Session) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers: session.headers });
const patch = (url: string, payload: unknown, session: Session) =>
  t.app.inject({ method: 'PATCH', url, payload: payload as object, headers: session.headers });

describe('expansion opportunities', () => {
  it('come from rules once per source reference, from support tickets, and by hand; viewers only read', async () => {
    const rule = {
      accountId: id.Promoter,
      title: 'Seats at 95 %',
      source: 'rule',
      sourceRef: 'cta:123',
      amountMinor: 300_000,
    };
    const first = await t.services.renewals.createOpportunity(rule as never);
    const again = await t.services.renewals.createOpportunity({ ...rule, title: 'changed' } as never);
    expect(first.created).toBe(true);
    expect(again).toMatchObject({
      id: first.id,
      created: false,
      title: 'Seats at 95 %',
      ownerId: t.users.csm.id,
      currency: 'CNY',
      createdByName: 'system',
    });

    const [ticket] =
      (await t.services.tickets.bulkInsert(cliActor, [
        { accountId: id.Fresh!, externalId: 'T-1', subject: 'Need the API module', openedAt: '2026-06-01T00:00:00Z' },
      ]),
      await t.database.db.selectFrom('tickets').select('id').execute());
    const fromTicket = await post(
      '/api/opportunities',
      { accountId: id.Fresh, title: 'API module', ticketId: ticket!.id, amountMinor: 120_000, product: 'API' },
      support,
    );
    expect(fromTicket.statusCode).toBe(201);
    expect(fromTicket.json()).toMatchObject({
      source: 'support',
      sourceRef: `ticket:${ticket!.id}`,
      accountName: 'Fresh',
    });
    expect(
      (
        await post(
          '/api/opportunities',
          { accountId: id.Fresh, title: 'API module again', ticketId: ticket!.id },
          support,
        )
      ).statusCode,
    ).toBe(200);

    const manual = await post(
      '/api/opportunities',
      { accountId: id.Passive, title: 'Upsell to Enterprise', amountMinor: 500_000, expectedCloseOn: '2026-09-30' },
      sales,
    );
    expect(manual.statusCode).toBe(201);
    expect((await post('/api/opportunities', { accountId: id.Passive, title: 'x' }, viewer)).statusCode).toBe(403);
    const bad = await post('/api/opportunities', { accountId: id.Passive, title: '', amountMinor: -1 }, sales);
    expect(
      bad
        .json()
        .error.issues.map((i: { path: string }) => i.path)
        .sort(),
    ).toEqual(['body.amountMinor', 'body.title']);
  });

  it('move through their stages with history and totals per stage', async () => {
    const list = (await t.app.inject({ method: 'GET', url: '/api/opportunities', headers: viewer.headers })).json();
    expect(list.total).toBe(3);
    const upsell = list.items.find((o: { title: string }) => o.title === 'Upsell to Enterprise');
    for (const stage of ['qualified', 'proposal', 'won'])
      expect((await patch(`/api/opportunities/${upsell.id}`, { stage }, sales)).statusCode).toBe(200);
    expect(
      (await patch(`/api/opportunities/${upsell.id}`, { stage: 'signed' }, sales)).json().error.issues[0].path,
    ).toBe('body.stage');
    const history = (
      await t.app.inject({ method: 'GET', url: `/api/opportunities/${upsell.id}/history`, headers: viewer.headers })
    ).json().items;
    expect(history.map((h: { fromStage: string | null; toStage: string }) => [h.fromStage, h.toStage])).toEqual([
      [null, 'identified'],
      ['identified', 'qualified'],
      ['qualified', 'proposal'],
      ['proposal', 'won'],
    ]);
    const after = (await t.app.inject({ method: 'GET', url: '/api/opportunities', headers: viewer.headers })).json();
    const byStage = Object.fromEntries(
      after.byStage.map((s: { stage: string; count: number; amounts: { amountMinor: number }[] }) => [
        s.stage,
        [s.count, s.amounts.reduce((n, a) => n + a.amountMinor, 0)],
      ]),
    );
    expect(byStage).toEqual({
      identified: [2, 420_000],
      qualified: [0, 0],
      proposal: [0, 0],
      won: [1, 500_000],
      lost: [0, 0],
    });
    expect(after.items.find((o: { id: string }) => o.id === upsell.id).closedAt).not.toBeNull();
  });
});

describe('advocacy', () => {
  beforeAll(async () => {
    await t.services.nps.bulkInsert(cliActor, [
      { accountId: id.Promoter!, score: 4, respondedAt: '2025-06-01T00:00:00Z' },
      { accountId: id.Promoter!, score: 10, respondedAt: '2026-05-01T00:00:00Z' },
      { accountId: id.Fresh!, score: 9, respondedAt: '2026-05-01T00:00:00Z' },
      { accountId: id.Passive!, score: 8, respondedAt: '2026-05-01T00:00:00Z' },
      { accountId: id.Detractor!, score: 10, respondedAt: '2025-05-01T00:00:00Z' },
      { accountId: id.Detractor!, score: 3, respondedAt: '2026-05-01T00:00:00Z' },
    ]);
    // Promoter, Passive and Detractor renewed on 2026-01-10; Fresh has no recorded renewal.
    for (const name of ['Promoter', 'Passive', 'Detractor'])
      await t.services.renewals.recordOutcome(cliActor, id[name]!, { renewsOn: '2026-01-10', outcome: 'renewed' });
  });

  it('proposes promoters who renewed (latest NPS 9–10), and only healthy ones when health is known', async () => {
    const candidates = (
      await t.app.inject({ method: 'GET', url: '/api/advocacy/candidates', headers: viewer.headers })
    ).json().items;
    expect(candidates.map((c: { accountName: string; npsScore: number }) => [c.accountName, c.npsScore])).toEqual([
      ['Promoter', 10],
    ]);
    const withHealth = createAdvocacyService({
      ...t.services,
      health: {
        primaryForAccounts: async (ids) => new Map(ids.map((i) => [i, { score: 40, color: 'yellow' as const }])),
      },
    });
    expect(await withHealth.candidates()).toEqual([]);
  });

  it('tracks asks through their stages and referrals to a new customer', async () => {
    const asked = await post(
      '/api/advocacy/advocates',
      { accountId: id.Promoter, kind: 'case_study', stage: 'asked' },
      csm,
    );
    expect(asked.statusCode).toBe(200);
    expect(
      (await post('/api/advocacy/advocates', { accountId: id.Promoter, kind: 'podcast' }, csm)).json().error.issues[0]
        .path,
    ).toBe('body.kind');
    const agreed = await patch(`/api/advocacy/advocates/${asked.json().id}`, { stage: 'agreed' }, csm);
    expect(agreed.json()).toMatchObject({ stage: 'agreed', kind: 'case_study', accountName: 'Promoter' });
    const candidates = (
      await t.app.inject({ method: 'GET', url: '/api/advocacy/candidates', headers: viewer.headers })
    ).json().items;
    expect(candidates[0].trackedKinds).toEqual(['case_study']);

    const referral = await post(
      '/api/advocacy/referrals',
      { accountId: id.Promoter, referredCompany: 'Acme Robotics' },
      sales,
    );
    expect(referral.statusCode).toBe(201);
    expect(referral.json()).toMatchObject({ status: 'introduced', becameCustomer: false });
    const won = await patch(
      `/api/advocacy/referrals/${referral.json().id}`,
      { status: 'won', referredAccountId: id.Fresh },
      sales,
    );
    expect(won.json()).toMatchObject({ becameCustomer: true, referredAccountName: 'Fresh' });
    expect(
      (await post('/api/advocacy/referrals', { accountId: id.Promoter, referredCompany: 'X' }, viewer)).statusCode,
    ).toBe(403);
  });
});
