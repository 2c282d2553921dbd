import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';

let t: TestApp;
let accountId = '';
const en = { 'accept-language': 'en' };

beforeAll(async () => {
  t = await createTestApp({ TENURE_TIMEZONE: 'UTC' });
  accountId = (await t.services.accounts.create(cliActor, { name: 'Acme', firstPaidOn: '2026-01-01' })).id;
  await t.services.nps.bulkInsert(cliActor, [{ accountId, score: 8, respondedAt: '2026-06-01T10:00:00Z' }]);
});
afterAll(() => t.close());

const card = { name: 'NPS', measures: [{ type: 'nps_latest', weight: 1, bad: 0, good: 10 }] };

describe('scorecard API', () => {
  it('lets admins create, edit and delete scorecards, audited; every role reads them', async () => {
    const admin = await t.as('admin');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/health/scorecards',
      payload: card,
      headers: admin.headers,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect(created.json()).toMatchObject({
      name: 'NPS',
      redBelow: 40,
      greenFrom: 70,
      segmentIds: [],
      active: true,
      primary: false,
      measures: [{ type: 'nps_latest', weight: 1, bad: 0, good: 10 }],
    });

    const viewer = await t.as('viewer');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/health/scorecards', headers: viewer.headers })).json().items,
    ).toHaveLength(1);
    for (const role of ['cs_manager', 'csm', 'viewer'] as const) {
      const s = await t.as(role);
      expect(
        (await t.app.inject({ method: 'POST', url: '/api/health/scorecards', payload: card, headers: s.headers }))
          .statusCode,
      ).toBe(403);
      expect(
        (
          await t.app.inject({
            method: 'PATCH',
            url: `/api/health/scorecards/${id}`,
            payload: { name: 'x' },
            headers: s.headers,
          })
        ).statusCode,
      ).toBe(403);
    }

    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/health/scorecards/${id}`,
      payload: { greenFrom: 80, primary: true },
      headers: admin.headers,
    });
    expect(patched.json()).toMatchObject({ greenFrom: 80, primary: true });
    const audit = await t.services.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('entity', '=', 'scorecard')
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);

    // Scored on recompute; the 360 panel shows it with its measure.
    expect(
      (
        await t.app.inject({ method: 'POST', url: '/api/health/recompute', payload: {}, headers: admin.headers })
      ).json(),
    ).toMatchObject({ accounts: 1, scorecards: 1 });
    const health = (
      await t.app.inject({ method: 'GET', url: `/api/accounts/${accountId}/health`, headers: viewer.headers })
    ).json();
    expect(health.scorecards).toMatchObject([
      {
        scorecardName: 'NPS',
        score: 80,
        color: 'green',
        primary: true,
        measures: [{ type: 'nps_latest', value: 8, score: 80, weight: 1, share: 1 }],
      },
    ]);
    const current = (
      await t.app.inject({ method: 'GET', url: `/api/health/current?accountIds=${accountId}`, headers: viewer.headers })
    ).json();
    expect(current.items).toMatchObject([{ accountId, score: 80, color: 'green', day: '2026-06-15', trend7: null }]);

    // The primary card is deleted once another one has taken its place.
    const next = await t.app.inject({
      method: 'POST',
      url: '/api/health/scorecards',
      payload: { ...card, name: 'Next', primary: true },
      headers: admin.headers,
    });
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/health/scorecards/${id}`, headers: admin.headers }))
        .statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/health/scorecards/${id}`, headers: admin.headers })).statusCode,
    ).toBe(404);
    expect(next.json()).toMatchObject({ primary: true });
  });

  it('always keeps one active primary scorecard: it cannot be deleted, demoted or deactivated', async () => {
    const admin = await t.as('admin');
    const primary = (await t.services.health.list()).find((c) => c.primary);
    if (!primary) throw new Error('the previous test leaves a primary scorecard');
    const send = (method: 'DELETE' | 'PATCH', payload?: Record<string, unknown>, lang = 'en') =>
      t.app.inject({
        method,
        url: `/api/health/scorecards/${primary.id}`,
        payload,
        headers: { ...admin.headers, 'accept-language': lang },
      });
    const deleted = await send('DELETE');
    expect(deleted.statusCode).toBe(409);
    expect(deleted.json().error.message).toBe(
      'The primary scorecard cannot be deleted: make another scorecard primary first',
    );
    const demoted = await send('PATCH', { primary: false }, 'zh-CN');
    expect(demoted.statusCode).toBe(400);
    expect(demoted.json().error.issues).toEqual([
      { path: 'body.primary', message: '主评分卡不能取消：请先把另一张评分卡设为主评分卡' },
    ]);
    const deactivated = await send('PATCH', { active: false });
    expect(deactivated.statusCode).toBe(400);
    expect(deactivated.json().error.issues).toEqual([
      { path: 'body.active', message: 'The primary scorecard must stay active' },
    ]);
    const inactivePrimary = await t.app.inject({
      method: 'POST',
      url: '/api/health/scorecards',
      payload: { ...card, name: 'Off', primary: true, active: false },
      headers: { ...admin.headers, ...en },
    });
    expect(inactivePrimary.statusCode).toBe(400);
    expect(inactivePrimary.json().error.issues).toEqual([
      { path: 'body.active', message: 'The primary scorecard must stay active' },
    ]);
    // Nothing changed: still the one active primary card.
    expect((await t.services.health.list()).filter((c) => c.primary && c.active).map((c) => c.id)).toEqual([
      primary.id,
    ]);
  });

  it('refuses invalid scorecards naming the field, in the caller’s language', async () => {
    const admin = await t.as('admin');
    const post = (payload: Record<string, unknown>, lang = 'en') =>
      t.app.inject({
        method: 'POST',
        url: '/api/health/scorecards',
        payload,
        headers: { ...admin.headers, 'accept-language': lang },
      });
    const issues = async (payload: Record<string, unknown>, lang?: string) => {
      const r = await post(payload, lang);
      expect(r.statusCode).toBe(400);
      return r.json().error.issues as { path: string; message: string }[];
    };
    expect(await issues({ ...card, measures: [{ type: 'nps_latest', weight: 1, bad: 5, good: 5 }] })).toEqual([
      { path: 'body.measures.0.good', message: 'The good and bad values must differ' },
    ]);
    expect(await issues({ ...card, measures: [{ type: 'custom_attribute', weight: 1, bad: 0, good: 1 }] })).toEqual([
      { path: 'body.measures.0.attributeKey', message: 'Name the custom attribute this measure reads' },
    ]);
    expect(await issues({ ...card, redBelow: 80, greenFrom: 60 }, 'zh-CN')).toEqual([
      { path: 'body.greenFrom', message: '绿色起点不能低于红色上限' },
    ]);
    expect(await issues({ ...card, measures: [] })).toEqual([
      { path: 'body.measures', message: 'A scorecard needs at least one measure' },
    ]);
    expect(
      (await issues({ ...card, measures: [{ type: 'no_such_measure', weight: 1, bad: 0, good: 1 }] }))[0]!.path,
    ).toBe('body.measures.0.type');
    expect((await issues({ ...card, measures: [{ type: 'nps_latest', weight: 0, bad: 0, good: 1 }] }))[0]!.path).toBe(
      'body.measures.0.weight',
    );
  });

  it('takes a CSM sentiment from writers, refusing an expiry that is not in the future', async () => {
    const csm = await t.as('csm');
    const url = `/api/accounts/${accountId}/health/sentiment`;
    const past = await t.app.inject({
      method: 'PUT',
      url,
      payload: { value: 4, expiresOn: '2026-06-15' },
      headers: { ...csm.headers, ...en },
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.issues).toEqual([
      { path: 'body.expiresOn', message: 'The expiry date must be after today' },
    ]);
    const ok = await t.app.inject({
      method: 'PUT',
      url,
      payload: { value: 4, comment: 'Good QBR', expiresOn: '2026-07-15' },
      headers: csm.headers,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      value: 4,
      comment: 'Good QBR',
      setOn: '2026-06-15',
      expiresOn: '2026-07-15',
      setBy: 'Test csm',
      current: true,
    });
    const viewer = await t.as('viewer');
    expect(
      (
        await t.app.inject({
          method: 'PUT',
          url,
          payload: { value: 4, expiresOn: '2026-07-15' },
          headers: viewer.headers,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await t.app.inject({ method: 'PUT', url, payload: { value: 6, expiresOn: '2026-07-15' }, headers: csm.headers }))
        .statusCode,
    ).toBe(400);
  });

  it('answers a backtest with too little history as insufficient, not as a verdict', async () => {
    const admin = await t.as('admin');
    await t.app.inject({
      method: 'POST',
      url: '/api/health/scorecards',
      payload: { ...card, primary: true },
      headers: admin.headers,
    });
    const viewer = await t.as('viewer');
    const r = await t.app.inject({
      method: 'GET',
      url: '/api/health/backtest?from=2026-01-01&to=2026-06-15',
      headers: viewer.headers,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ events: 0, auc: null, verdict: 'insufficient', leadDays: 90 });
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/health/backtest?from=2026-06-15&to=2026-01-01',
          headers: viewer.headers,
        })
      ).statusCode,
    ).toBe(400);
  });

  it('sorts the accounts list by the primary score, accounts without one last either way', async () => {
    const admin = await t.as('admin');
    await t.app.inject({
      method: 'POST',
      url: '/api/health/scorecards',
      payload: { ...card, name: 'Sort by me', primary: true },
      headers: admin.headers,
    });
    const low = (await t.services.accounts.create(cliActor, { name: 'Low NPS', firstPaidOn: '2026-01-01' })).id;
    await t.services.nps.bulkInsert(cliActor, [{ accountId: low, score: 2, respondedAt: '2026-06-01T10:00:00Z' }]);
    await t.app.inject({ method: 'POST', url: '/api/health/recompute', payload: {}, headers: admin.headers });
    const unscored = (await t.services.accounts.create(cliActor, { name: 'Not scored yet', firstPaidOn: '2026-01-01' }))
      .id;
    const viewer = await t.as('viewer');
    const order = async (direction: string) =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/accounts?sort=health&order=${direction}`,
          headers: viewer.headers,
        })
      )
        .json()
        .items.map((a: { id: string }) => a.id);
    expect(await order('asc')).toEqual([low, accountId, unscored]);
    expect(await order('desc')).toEqual([accountId, low, unscored]);
  });
});
