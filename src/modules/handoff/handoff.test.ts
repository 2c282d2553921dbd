import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { DEFAULT_HANDOFF_SETTINGS, involvementRule } from '../../shared/handoff.js';
import { cliActor } from '../audit/actor.js';

let t: TestApp;
let account: string;
beforeAll(async () => {
  t = await createTestApp();
  account = (await t.services.accounts.create(cliActor, { name: 'Acme', externalId: 'ACME' })).id;
});
afterAll(() => t.close());

const thresholds = DEFAULT_HANDOFF_SETTINGS.thresholds;

describe('CS involvement rule (seed 000-11)', () => {
  it('joins after close only when deal, sales cycle and implementation are all small', () => {
    expect(
      involvementRule({ dealSizeMinor: 1_200_000, salesCycleDays: 30, implementationDays: 14 }, thresholds).rule,
    ).toBe('after_close');
    // 15,000.00 is not under 15,000: rule 2.
    expect(
      involvementRule({ dealSizeMinor: 1_500_000, salesCycleDays: 30, implementationDays: 14 }, thresholds).rule,
    ).toBe('at_70_percent');
    expect(
      involvementRule({ dealSizeMinor: 100_000, salesCycleDays: 60, implementationDays: 14 }, thresholds).rule,
    ).toBe('at_70_percent');
    expect(
      involvementRule({ dealSizeMinor: 100_000, salesCycleDays: 10, implementationDays: 28 }, thresholds),
    ).toMatchObject({
      rule: 'at_70_percent',
      checks: [
        { under: true },
        { under: true },
        { criterion: 'implementation', value: 28, threshold: 21, under: false },
      ],
    });
    // One big number decides even before the others are known; small ones need all three.
    expect(
      involvementRule({ dealSizeMinor: 5_000_000, salesCycleDays: null, implementationDays: null }, thresholds).rule,
    ).toBe('at_70_percent');
    expect(
      involvementRule({ dealSizeMinor: 100_000, salesCycleDays: null, implementationDays: 5 }, thresholds).rule,
    ).toBeNull();
  });
});

describe('handoff checklist', () => {
  it('refuses the handover with 400 naming every missing field, in the caller language', async () => {
    const sales = await t.as('sales');
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/accounts/${account}/handoff`,
      headers: sales.headers,
      payload: {
        answers: { company_profile: 'Retail, 800 staff, Shanghai', budget: '200k CNY / year' },
        dealSizeMinor: 20_000_000,
        salesCycleDays: 75,
        implementationDays: 40,
      },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().involvement.rule).toBe('at_70_percent');
    expect(saved.json().missing).toEqual([
      'key_contacts',
      'products_bought',
      'contract_terms',
      'technical_requirements',
      'integrations',
      'expected_outcomes',
      'success_criteria',
      'authority',
      'need',
      'timeline',
    ]);

    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/accounts/${account}/handoff/complete`,
      headers: { ...sales.headers, 'accept-language': 'en' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('handoff_incomplete');
    expect(refused.json().error.issues.map((i: { path: string }) => i.path)).toContain('answers.authority');
    expect(refused.json().error.message).toContain('10 required fields missing');
    const zh = await t.app.inject({
      method: 'POST',
      url: `/api/accounts/${account}/handoff/complete`,
      headers: { ...sales.headers, 'accept-language': 'zh-CN' },
    });
    expect(zh.json().error.message).toContain('交接清单尚未填写完整');
  });

  it('hands over once every required field is filled, with a timeline entry; blanks do not count', async () => {
    const sales = await t.as('sales');
    const answers = Object.fromEntries(DEFAULT_HANDOFF_SETTINGS.fields.map((f) => [f.key, `about ${f.key}`]));
    await t.app.inject({
      method: 'PUT',
      url: `/api/accounts/${account}/handoff`,
      headers: sales.headers,
      payload: { answers: { ...answers, need: '   ' } },
    });
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/accounts/${account}/handoff/complete`, headers: sales.headers }))
        .statusCode,
    ).toBe(400);
    await t.app.inject({
      method: 'PUT',
      url: `/api/accounts/${account}/handoff`,
      headers: sales.headers,
      payload: { answers: { need: 'Replace spreadsheets for renewals' } },
    });
    const done = await t.app.inject({
      method: 'POST',
      url: `/api/accounts/${account}/handoff/complete`,
      headers: sales.headers,
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'handed_over',
      missing: [],
      answers: { company_profile: 'about company_profile' },
    });
    const timeline = await t.services.timeline.list(account, { page: 1, pageSize: 20 });
    expect(timeline.items.filter((a) => a.data.key === 'timeline.handedOver')).toHaveLength(1);
    // Before the first payment the account is in the handoff stage.
    await t.services.lifecycle.run(cliActor);
    expect((await t.services.accounts.get(account)).lifecycleStage).toBe('handoff');
  });

  it('lets an admin change the checklist and thresholds, and no one else', async () => {
    const custom = {
      fields: [{ key: 'sla', label: 'Agreed SLA', group: 'technical' as const, required: true }],
      thresholds: { ...thresholds, salesCycleDays: 60 },
    };
    const csm = await t.as('csm');
    expect(
      (await t.app.inject({ method: 'PUT', url: '/api/settings/handoff', headers: csm.headers, payload: custom }))
        .statusCode,
    ).toBe(403);
    const admin = await t.as('admin');
    expect(
      (await t.app.inject({ method: 'PUT', url: '/api/settings/handoff', headers: admin.headers, payload: custom }))
        .statusCode,
    ).toBe(200);
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/settings/handoff',
      headers: { ...admin.headers, 'accept-language': 'en' },
      payload: { ...custom, fields: [{ ...custom.fields[0], key: 'Bad Key' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('fields.0.key');
    const view = (
      await t.app.inject({ method: 'GET', url: `/api/accounts/${account}/handoff`, headers: csm.headers })
    ).json();
    expect(view.missing).toEqual(['sla']);
  });
});
