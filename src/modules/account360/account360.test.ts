import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';

let t: TestApp;
let csm: Session;
let accountId: string;

beforeAll(async () => {
  t = await createTestApp({
    TENURE_NOW: '2026-06-15T04:00:00Z',
    TENURE_TIMEZONE: 'Asia/Shanghai',
    TENURE_CURRENCY: 'USD',
  });
  csm = await t.as('csm');
  accountId = (
    await t.services.accounts.create(cliActor, {
      name: 'Acme',
      tier: 'high_touch',
      attributes: { segment: 'mid_market' },
    })
  ).id;
  await t.services.accounts.create(cliActor, { name: 'Other', tier: 'low_touch' });
  await t.services.segments.create(cliActor, {
    name: 'High touch',
    rules: { match: 'all', conditions: [{ field: 'tier', op: 'eq', value: 'high_touch' }] },
  });
  await t.services.segments.create(cliActor, {
    name: 'Low touch',
    rules: { match: 'all', conditions: [{ field: 'tier', op: 'eq', value: 'low_touch' }] },
  });
  await t.services.segments.create(cliActor, {
    name: 'Mid-market',
    rules: { match: 'all', conditions: [{ field: 'attributes.segment', op: 'eq', value: 'mid_market' }] },
  });
});
afterAll(() => t.close());

const summary = (id = accountId) =>
  t.app.inject({ method: 'GET', url: `/api/accounts/${id}/summary`, headers: csm.headers });

describe('Customer 360 header', () => {
  it('answers before any figure is known: segments, no touch, no figures', async () => {
    const response = await summary();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      currency: 'USD',
      mrrMinor: null,
      arrMinor: null,
      plan: null,
      health: null,
      renewalOn: null,
      daysToRenewal: null,
      renewalProbability: null,
      latestNps: null,
      activeUsers30d: null,
      openCtas: 0,
      lastTouchAt: null,
      segments: [
        { id: expect.any(String), name: 'High touch' },
        { id: expect.any(String), name: 'Mid-market' },
      ],
    });
  });

  it('shows the hot figures, days to renewal in the organisation day, and the last touch a person logged', async () => {
    await t.services.accounts.writeFacts(
      'revenue',
      sql`select ${accountId}::uuid as account_id, 50000::bigint as mrr_minor, 600000::bigint as arr_minor,
                 'Growth'::text as plan, '2026-09-13'::date as renewal_on`,
    );
    await t.services.accounts.writeFacts(
      'health',
      sql`select ${accountId}::uuid as account_id, 42.5::float8 as health_score, 'red'::text as health_color,
                 -12.5::float8 as health_trend, null::date as health_day, null::text as health_color_before`,
    );
    await t.services.accounts.writeFacts(
      'prediction',
      sql`select ${accountId}::uuid as account_id, 0.62::float8 as renewal_probability`,
    );
    await t.services.accounts.writeFacts(
      'nps',
      sql`select ${accountId}::uuid as account_id, 4::smallint as latest_nps`,
    );
    await t.services.timeline.add(
      { type: 'user', id: t.users.csm.id, name: t.users.csm.name, role: 'csm' },
      accountId,
      { type: 'call', subject: 'Renewal call', occurredAt: '2026-06-10T08:00:00Z' },
    );
    const body = (await summary()).json();
    expect(body).toMatchObject({
      mrrMinor: 50000,
      arrMinor: 600000,
      plan: 'Growth',
      health: { score: 42.5, color: 'red', change30: -12.5 },
      renewalOn: '2026-09-13',
      // 15 June (Shanghai) to 13 September: 15 + 31 + 31 + 13 days.
      daysToRenewal: 90,
      renewalProbability: 0.62,
      latestNps: 4,
      lastTouchAt: '2026-06-10T08:00:00.000Z',
    });
  });

  it('is 404 for an unknown account and needs a sign-in', async () => {
    expect((await summary('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/accounts/${accountId}/summary` });
    expect(anonymous.statusCode).toBe(401);
  });
});
