import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/support/app.js';
import { Rng } from '../../shared/stats.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
const accountIds: { id: string; churned: boolean; signal: number }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  // 160 accounts whose imported outcome depends on `usage_score` (and on `plan`), not on `noise`.
  const rng = new Rng(5);
  const rows = Array.from({ length: 160 }, (_, i) => {
    const signal = rng.next() * 4 - 2;
    const plan = rng.next() < 0.5 ? 'basic' : 'pro';
    const churned = rng.next() < 1 / (1 + Math.exp(-(2.5 * -signal + (plan === 'basic' ? 0.8 : -0.8))));
    const attributes: Record<string, unknown> = {
      usage_score: signal,
      plan,
      noise: rng.next(),
      churn_outcome: churned,
    };
    if (i % 10 === 0) delete attributes.usage_score; // blanks are allowed
    return { external_id: `S-${i}`, name: `S-${i}`, attributes: JSON.stringify(attributes), signal, churned };
  });
  const inserted = await t.database.db
    .insertInto('accounts')
    .values(rows.map(({ signal: _s, churned: _c, ...r }) => r))
    .returning(['id', 'external_id'])
    .execute();
  for (const row of inserted) {
    const source = rows.find((r) => r.external_id === row.external_id)!;
    accountIds.push({ id: row.id, churned: source.churned, signal: source.signal });
  }
});
afterAll(() => t.close());

const post = async (role: Parameters<typeof t.as>[0], payload: unknown, language = 'en') =>
  t.app.inject({
    method: 'POST',
    url: '/api/prediction/train',
    payload: payload as object,
    headers: { ...(await t.as(role)).headers, 'accept-language': language },
  });

describe('prediction API', () => {
  it('lets only admins and CS managers train', async () => {
    for (const role of ['csm', 'viewer', 'sales'] as const) expect((await post(role, {})).statusCode).toBe(403);
  });

  it('refuses bad input naming the field, in the caller’s language', async () => {
    const bad = await post('admin', { features: 'usage_score' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('features');
    const unknown = await post('admin', { features: ['nope'] }, 'zh-CN');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toBe('未知特征“nope”：请填写内置特征族、客户字段或客户属性');
    const ids = await t.app.inject({
      method: 'GET',
      url: '/api/prediction/scores?ids=1,2',
      headers: (await t.as('viewer')).headers,
    });
    expect(ids.statusCode).toBe(400);
  });

  it('lists built-in families and account attributes with their guessed type', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/prediction/features',
      headers: (await t.as('cs_manager')).headers,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.families.map((f: { key: string }) => f.key)).toEqual([
      'usage',
      'core_modules',
      'activity_trend',
      'tickets',
      'nps',
      'health',
      'time_to_live',
      'tenure_days',
      'mrr',
      'seats',
      'segment',
    ]);
    expect(body.columns.map((c: { key: string }) => c.key)).toEqual(['industry', 'employees', 'region', 'tier']);
    expect(body.attributes).toEqual([
      { key: 'noise', kind: 'numeric', accounts: 160 },
      { key: 'plan', kind: 'categorical', accounts: 160 },
      { key: 'usage_score', kind: 'numeric', accounts: 144 },
    ]);
  });

  it('trains in the background, then serves the model, each account’s probability and its top factors', async () => {
    const started = await post('cs_manager', { features: ['usage_score', 'plan', 'noise'] });
    expect(started.statusCode).toBe(202);
    const job = started.json();
    expect(job).toMatchObject({ state: 'running' });
    await t.services.prediction.idle();
    const headers = (await t.as('cs_manager')).headers;
    const done = (await t.app.inject({ method: 'GET', url: `/api/prediction/jobs/${job.id}`, headers })).json();
    expect(done).toMatchObject({ state: 'done', progress: 100, error: null });

    const { model } = (
      await t.app.inject({ method: 'GET', url: '/api/prediction/model', headers: (await t.as('viewer')).headers })
    ).json();
    expect(model).toMatchObject({ id: done.modelId, n: 160, validation: 'cv', trainedBy: 'Test cs_manager' });
    expect(model.folds).toHaveLength(5);
    expect(model.auc).toBeGreaterThan(0.8);
    // The AUC with its uncertainty, and a verdict: enough of each class (imported outcomes, today's cut-off) to judge.
    expect(model.aucInterval.low).toBeLessThan(model.auc);
    expect(model.aucInterval.high).toBeGreaterThan(model.auc);
    expect(model.aucFoldSd).toBeGreaterThan(0);
    expect(model).toMatchObject({ verdict: 'predictive', cutoffs: [], leftOut: [], droppedForHistory: 0 });
    expect(model.calibration).toHaveLength(10);
    const coefficient = (feature: string, role = 'value', level: string | null = null) =>
      model.coefficients.find(
        (c: { feature: string; role: string; level: string | null }) =>
          c.feature === feature && c.role === role && c.level === level,
      ).coefficient;
    expect(coefficient('usage_score')).toBeLessThan(-1); // more usage, less churn
    expect(Math.abs(coefficient('noise'))).toBeLessThan(0.4);
    expect(coefficient('usage_score', 'missing')).toBeDefined();

    // Scored: the accounts still customers (imported outcome "retained"), not the churned ones.
    const retained = accountIds.filter((a) => !a.churned);
    const churned = accountIds.find((a) => a.churned)!;
    const strong = retained.reduce((best, a) => (a.signal > best.signal ? a : best));
    const { prediction } = (
      await t.app.inject({ method: 'GET', url: `/api/prediction/accounts/${strong.id}`, headers })
    ).json();
    expect(prediction.renewalProbability).toBeGreaterThan(0.8);
    expect(prediction.topFactors[0]).toMatchObject({ feature: 'usage_score', direction: 'up', label: 'usage_score' });
    const none = (await t.app.inject({ method: 'GET', url: `/api/prediction/accounts/${churned.id}`, headers })).json();
    expect(none.prediction).toBeNull();
    const list = (
      await t.app.inject({ method: 'GET', url: `/api/prediction/scores?ids=${strong.id},${churned.id}`, headers })
    ).json();
    expect(list.items).toEqual([{ accountId: strong.id, renewalProbability: prediction.renewalProbability }]);

    // The accounts list sorts by it: most likely to renew first, the unscored (churned) after.
    const stored = await t.database.db
      .selectFrom('prediction_scores')
      .select(['account_id', 'renewal_probability'])
      .execute();
    const expected = stored
      .sort((a, b) => b.renewal_probability - a.renewal_probability || a.account_id.localeCompare(b.account_id))
      .map((s) => s.account_id);
    const sorted = (
      await t.app.inject({
        method: 'GET',
        url: '/api/accounts?sort=renewal_probability&order=desc&pageSize=200',
        headers,
      })
    )
      .json()
      .items.map((a: { id: string }) => a.id);
    expect(sorted.slice(0, expected.length)).toEqual(expected);
    expect(sorted).toHaveLength(accountIds.length);
    expect(sorted.at(-1)).not.toBe(strong.id);

    const contract = await t.services.prediction.latestForAccounts(retained.map((a) => a.id));
    expect(contract).toHaveLength(retained.length);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('entity', '=', 'prediction_model')
      .execute();
    expect(audit).toEqual([{ action: 'train', actor_name: 'Test cs_manager' }]);
  });

  it('reports a failed run in the caller’s language', async () => {
    await t.database.db
      .updateTable('accounts')
      .set({ attributes: JSON.stringify({ plan: 'basic' }) })
      .execute();
    const started = (await post('admin', { features: ['plan'] })).json();
    await t.services.prediction.idle();
    const job = (
      await t.app.inject({
        method: 'GET',
        url: `/api/prediction/jobs/${started.id}`,
        headers: { ...(await t.as('admin')).headers, 'accept-language': 'en' },
      })
    ).json();
    expect(job.state).toBe('failed');
    expect(job.error).toBe(
      'Not enough known outcomes to train: 0 churned and 0 retained accounts, at least 5 of each are needed',
    );
  });
});
