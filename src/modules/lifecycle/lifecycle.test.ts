import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';

/**
 * Today is 2026-06-15 (Asia/Shanghai). Each account's dates are chosen so that the expected stage
 * follows from the rules by hand: onboarding < 90 days after the first payment, renewal ≤ 90 days
 * before the renewal date, renewed < 30 days after one, adoption otherwise.
 */
let t: TestApp;
const ids: Record<string, string> = {};
let now = new Date('2026-06-15T04:00:00Z');

async function account(
  key: string,
  firstPaidOn: string | null,
  version?: { interval: 'month' | 'year'; startsOn: string; endsOn?: string },
  extra: Record<string, unknown> = {},
) {
  const created = await t.services.accounts.create(cliActor, { name: key, externalId: key, firstPaidOn, ...extra });
  ids[key] = created.id;
  if (version) {
    await t.services.subscriptions.recordVersion(cliActor, created.id, {
      subscriptionExternalId: `sub-${key}`,
      amountMinor: 100_000,
      currency: 'CNY',
      ...version,
    });
  }
}

const stages = async () => {
  const rows = await t.database.db
    .selectFrom('accounts')
    .select(['external_id', 'lifecycle_stage'])
    .orderBy('external_id')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.external_id, r.lifecycle_stage]));
};

beforeAll(async () => {
  t = await createTestApp();
  // Time travel: the services read this clock.
  t.clock.now = () => new Date(now);
  t.clock.today = (tz, at) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      at ?? now,
    );
  await account('prospect', null);
  await account('onboarding', '2026-05-01', { interval: 'year', startsOn: '2026-05-01' }); // day 45
  await account('adoption', '2025-12-01', { interval: 'year', startsOn: '2025-12-01' }); // day 196, renews 2026-12-01
  await account('renewal', '2025-08-01', { interval: 'year', startsOn: '2025-08-01' }); // renews 2026-08-01, 47 days
  await account('renewed', '2024-06-01', { interval: 'year', startsOn: '2024-06-01' }); // renewed 2026-06-01, 14 days ago
  await account('churned', '2025-01-01', { interval: 'year', startsOn: '2025-01-01', endsOn: '2026-01-01' }); // pays nothing now
  await account('monthly', '2025-09-01', { interval: 'month', startsOn: '2025-09-01' }); // day 287 of its year ≥ 270
  await account('gov', '2026-03-01', { interval: 'year', startsOn: '2026-03-01' }, { industry: 'Government' }); // day 106
});
afterAll(() => t.close());

describe('lifecycle stages', () => {
  it('computes every stage from the dates, writing each change to the timeline once', async () => {
    const result = await t.services.lifecycle.run(cliActor);
    expect(result.asOf).toBe('2026-06-15');
    expect(await stages()).toEqual({
      prospect: 'prospect',
      onboarding: 'onboarding',
      adoption: 'adoption',
      renewal: 'renewal',
      renewed: 'renewed',
      churned: 'churned',
      monthly: 'renewal',
      gov: 'adoption',
    });
    const logged = await t.services.timeline.list(ids.renewal, { page: 1, pageSize: 50 });
    expect(logged.items.filter((a) => a.data.key === 'timeline.stageChanged').map((a) => a.data.params)).toEqual([
      { from: '—', to: 'renewal' },
    ]);
    expect((await t.services.lifecycle.run(cliActor)).changed).toEqual([]);
  });

  it('moves with the clock: onboarding ends on day 90, renewed ends after 30 days', async () => {
    now = new Date('2026-07-30T04:00:00Z'); // onboarding account: day 90; renewed: 59 days after
    const result = await t.services.lifecycle.run(cliActor);
    const moved = Object.fromEntries(
      result.changed.map((c) => [Object.entries(ids).find(([, id]) => id === c.accountId)![0], [c.from, c.to]]),
    );
    expect(moved).toMatchObject({ onboarding: ['onboarding', 'adoption'], renewed: ['renewed', 'adoption'] });
    now = new Date('2026-06-15T04:00:00Z');
    await t.services.lifecycle.run(cliActor);
  });

  it('uses the durations of the first segment an account belongs to', async () => {
    const segment = await t.services.segments.create(cliActor, {
      name: 'Public sector',
      rules: { match: 'all', conditions: [{ field: 'industry', op: 'eq', value: 'Government' }] },
    });
    await t.services.lifecycle.setSettings(cliActor, {
      defaults: { onboardingDays: 90, adoptionEndDays: 270, renewalDays: 90, renewedDays: 30 },
      segments: [
        { segmentId: segment.id, onboardingDays: 120, adoptionEndDays: 270, renewalDays: 90, renewedDays: 30 },
      ],
    });
    const result = await t.services.lifecycle.run(cliActor);
    expect(result.changed).toEqual([{ accountId: ids.gov, from: 'adoption', to: 'onboarding' }]);
  });

  it('a stage set by hand wins, shows as such and can be cleared', async () => {
    const admin = await t.as('admin');
    const set = await t.app.inject({
      method: 'PUT',
      url: `/api/accounts/${ids.renewal}/lifecycle/override`,
      headers: admin.headers,
      payload: { stage: 'adoption', reason: 'Renewal signed early' },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({
      stage: 'adoption',
      computedStage: 'renewal',
      override: { stage: 'adoption', reason: 'Renewal signed early', setByName: 'Test admin' },
    });
    expect((await t.services.lifecycle.run(cliActor)).changed).toEqual([]);
    const noReason = await t.app.inject({
      method: 'PUT',
      url: `/api/accounts/${ids.renewal}/lifecycle/override`,
      headers: { ...admin.headers, 'accept-language': 'en' },
      payload: { stage: 'adoption', reason: '' },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('reason');
    const cleared = await t.app.inject({
      method: 'DELETE',
      url: `/api/accounts/${ids.renewal}/lifecycle/override`,
      headers: admin.headers,
    });
    expect(cleared.json()).toMatchObject({ stage: 'renewal', computedStage: 'renewal', override: null });
    const audit = await t.services.audit.list({
      entity: 'lifecycle_override',
      entityId: ids.renewal,
      page: 1,
      pageSize: 10,
    } as never);
    expect(audit.items.map((a: { action: string }) => a.action).sort()).toEqual(['create', 'delete']);
  });

  it('a viewer may read the stage but not set it', async () => {
    const viewer = await t.as('viewer');
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/accounts/${ids.renewal}/lifecycle`, headers: viewer.headers }))
        .statusCode,
    ).toBe(200);
    const refused = await t.app.inject({
      method: 'PUT',
      url: `/api/accounts/${ids.renewal}/lifecycle/override`,
      headers: viewer.headers,
      payload: { stage: 'adoption', reason: 'x' },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('refuses durations that do not add up, a segment listed twice or unknown, naming the field in the caller’s language', async () => {
    const admin = await t.as('admin');
    const put = (payload: object, lang = 'en') =>
      t.app.inject({
        method: 'PUT',
        url: '/api/settings/lifecycle',
        headers: { ...admin.headers, 'accept-language': lang },
        payload,
      });
    const defaults = { onboardingDays: 90, adoptionEndDays: 270, renewalDays: 90, renewedDays: 30 };
    const before = (
      await t.app.inject({ method: 'GET', url: '/api/settings/lifecycle', headers: admin.headers })
    ).json();

    const inverted = await put({ defaults: { ...defaults, adoptionEndDays: 60 }, segments: [] });
    expect(inverted.statusCode).toBe(400);
    expect(inverted.json().error.issues).toMatchObject([
      { path: 'body.defaults.adoptionEndDays', message: 'adoption must end after onboarding does' },
    ]);

    const segment = before.segments[0].segmentId as string;
    const twice = await put(
      {
        defaults,
        segments: [
          { segmentId: segment, ...defaults },
          { segmentId: segment, ...defaults },
        ],
      },
      'zh-CN',
    );
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.issues).toMatchObject([{ path: 'body.segments.1.segmentId', message: '该分群重复出现' }]);

    const unknown = await put({
      defaults,
      segments: [{ segmentId: '00000000-0000-4000-8000-000000000000', ...defaults }],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.issues[0].path).toBe('body.segments.0.segmentId');

    const viewer = await t.as('viewer');
    expect(
      (await t.app.inject({ method: 'PUT', url: '/api/settings/lifecycle', headers: viewer.headers, payload: before }))
        .statusCode,
    ).toBe(403);
    // Nothing refused was stored.
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/settings/lifecycle', headers: admin.headers })).json(),
    ).toEqual(before);
  });
});
