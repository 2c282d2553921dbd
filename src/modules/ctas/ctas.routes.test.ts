import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';

/** The CTA API as its users meet it: validation in their language, access per role, and the numbers the reports show. */
let t: TestApp;
let accountId: string;
let playbookId: string;
beforeAll(async () => {
  t = await createTestApp(); // clock fixed at 2026-06-15T04:00Z, Asia/Shanghai
  accountId = (await t.services.accounts.create(cliActor, { name: 'Acme', ownerId: t.users.csm.id })).id;
  playbookId = (await t.services.rules.playbooks()).find((p) => p.key === 'reengage')!.id;
});
afterAll(() => t.close());

const post = async (role: 'csm' | 'viewer' | 'admin' | 'cs_manager', url: string, payload?: unknown, lang = 'en') =>
  t.app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    headers: { ...(await t.as(role)).headers, 'accept-language': lang },
  });
const get = async (role: 'csm' | 'viewer' | 'cs_manager', url: string) =>
  t.app.inject({ method: 'GET', url, headers: (await t.as(role)).headers });

describe('CTA API', () => {
  it('a CSM opens a CTA by hand with a playbook and works it to closed; the report counts it', async () => {
    const created = await post('csm', '/api/ctas', {
      accountId,
      type: 'risk',
      title: 'Sponsor is leaving',
      priority: 'high',
      dueOn: '2026-06-20',
      playbookId,
    });
    expect(created.statusCode).toBe(201);
    const cta = created.json();
    expect(cta).toMatchObject({
      ownerId: t.users.csm.id,
      status: 'open',
      tasksTotal: 2,
      tasksDone: 0,
      firstActionAt: null,
    });
    expect(cta.tasks.map((x: { dueOn: string }) => x.dueOn)).toEqual(['2026-06-15', '2026-06-18']);

    const mine = (await get('csm', '/api/ctas')).json();
    expect(mine.items.map((c: { id: string }) => c.id)).toContain(cta.id);
    expect(mine.counts).toMatchObject({ active: 1, overdue: 0, flagged: 0 });
    expect((await get('cs_manager', '/api/ctas')).json().total).toBe(0); // not the manager's own
    expect((await get('cs_manager', '/api/ctas?scope=all')).json().total).toBe(1);

    const ticked = await t.app.inject({
      method: 'PATCH',
      url: `/api/ctas/${cta.id}/tasks/${cta.tasks[0].id}`,
      payload: { done: true },
      headers: (await t.as('csm')).headers,
    });
    expect(ticked.json()).toMatchObject({ tasksDone: 1 });
    expect(ticked.json().firstActionAt).not.toBeNull();
    expect(
      (await post('csm', `/api/ctas/${cta.id}/comments`, { body: 'Called, new sponsor named' })).json().comments,
    ).toHaveLength(1);
    const flagged = await post('csm', `/api/ctas/${cta.id}/flag`, {
      flagged: true,
      reason: 'Needs product to fix SSO',
    });
    expect(flagged.json()).toMatchObject({
      flagged: true,
      flagReason: 'Needs product to fix SSO',
      flaggedByName: 'Test csm',
    });
    const note = await post('cs_manager', `/api/ctas/${cta.id}/meeting-notes`, {
      meetingOn: '2026-06-15',
      notes: 'Product joins next call',
      decision: 'Escalate to VP product',
    });
    expect(note.statusCode).toBe(200);
    const meeting = (await get('cs_manager', '/api/ctas/meeting?on=2026-06-15')).json();
    expect(meeting.items).toHaveLength(1);
    expect(meeting.items[0].meetingNotes[0]).toMatchObject({
      decision: 'Escalate to VP product',
      authorName: 'Test cs_manager',
    });

    const closed = await post('csm', `/api/ctas/${cta.id}/close`, { outcome: 'success', reason: 'Sponsor replaced' });
    expect(closed.json()).toMatchObject({ status: 'closed', outcome: 'success', closeReason: 'Sponsor replaced' });
    expect((await post('csm', `/api/ctas/${cta.id}/snooze`, { until: '2026-07-01', reason: 'later' })).statusCode).toBe(
      409,
    );

    const timeline = await t.services.timeline.list(accountId, { page: 1, pageSize: 20 });
    expect(timeline.items.map((i) => (i.data as { key?: string }).key)).toEqual(
      expect.arrayContaining(['ctas.timeline.openedManual', 'ctas.timeline.closedBy']),
    );

    const eff = (await get('viewer', '/api/ctas/effectiveness')).json();
    const row = eff.playbooks.find((p: { key: string }) => p.key === 'reengage');
    // The clock is fixed, so the first action came 0 hours after opening.
    expect(row).toMatchObject({ opened: 1, closed: 1, success: 1, successRate: 1, medianHoursToFirstAction: 0 });
  });

  it("rejects bad input naming the field, in the caller's language", async () => {
    const cta = (
      await post('csm', '/api/ctas', { accountId, type: 'expansion', title: 'More seats', dueOn: '2026-06-30' })
    ).json();
    const noReason = await post('csm', `/api/ctas/${cta.id}/flag`, { flagged: true });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.issues[0].path).toBe('body.reason');
    const past = await post('csm', `/api/ctas/${cta.id}/snooze`, { until: '2026-06-15', reason: 'x' }, 'zh-CN');
    expect(past.statusCode).toBe(400);
    expect(past.json().error.issues[0]).toMatchObject({ path: 'body.until' });
    expect(past.json().error.issues[0].message).toMatch(/[\u4e00-\u9fff]/);
    const outcome = await post('csm', `/api/ctas/${cta.id}/close`, { outcome: 'condition_cleared', reason: 'x' });
    expect(outcome.statusCode).toBe(400);
    expect(outcome.json().error.issues[0].path).toBe('body.outcome');
    expect(
      (await post('csm', '/api/ctas', { accountId, type: 'bogus', title: 'x', dueOn: '2026-06-30' })).json().error
        .issues[0].path,
    ).toBe('body.type');
    expect(
      (
        await post('csm', '/api/ctas', {
          accountId: '00000000-0000-4000-8000-000000000000',
          type: 'risk',
          title: 'x',
          dueOn: '2026-06-30',
        })
      ).statusCode,
    ).toBe(400);
  });

  it('viewers read but do not act; only admins change rules, and rule params are checked', async () => {
    const cta = (
      await post('csm', '/api/ctas', { accountId, type: 'risk', title: 'Check', dueOn: '2026-06-30' })
    ).json();
    expect((await get('viewer', `/api/ctas/${cta.id}`)).statusCode).toBe(200);
    expect((await post('viewer', `/api/ctas/${cta.id}/comments`, { body: 'hi' })).statusCode).toBe(403);
    const rules = (await get('viewer', '/api/cta-rules')).json();
    const noActivity = rules.items.find((r: { key: string }) => r.key === 'no_activity');
    expect(noActivity).toMatchObject({ params: { days: 14 }, enabled: true, ctaType: 'risk' });
    const patch = async (role: 'csm' | 'admin', body: unknown) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/cta-rules/${noActivity.id}`,
        payload: body as object,
        headers: (await t.as(role)).headers,
      });
    expect((await patch('csm', { enabled: false })).statusCode).toBe(403);
    const bad = await patch('admin', { params: { days: 0 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('body.params.days');
    expect((await patch('admin', { enabled: false, params: { days: 21 } })).json()).toMatchObject({
      enabled: false,
      params: { days: 21 },
    });
    expect((await post('csm', '/api/cta-rules/run')).statusCode).toBe(403);
    expect((await post('cs_manager', '/api/cta-rules/run')).statusCode).toBe(200);
  });

  it('a rule whose trigger is an Object.prototype name is an unknown trigger (400), not a 500', async () => {
    for (const trigger of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const refused = await post('admin', '/api/cta-rules', {
        name: `Rule ${trigger}`,
        trigger,
        params: {},
        ctaType: 'risk',
        priority: 'low',
        dueDays: 7,
        enabled: false,
      });
      expect(refused.statusCode, `${trigger}: ${refused.body}`).toBe(400);
      expect(refused.json().error.issues[0].path).toBe('body.trigger');
    }
  });
});

describe('onboarding manager on accounts', () => {
  it('accepts a user with the onboarding role and refuses others, naming the field', async () => {
    const patch = async (userId: string) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/accounts/${accountId}`,
        payload: { onboardingManagerId: userId },
        headers: (await t.as('csm')).headers,
      });
    const ok = await patch(t.users.onboarding.id);
    expect(ok.json()).toMatchObject({
      onboardingManagerId: t.users.onboarding.id,
      onboardingManagerName: 'Test onboarding',
    });
    const bad = await patch(t.users.csm.id);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('body.onboardingManagerId');
  });
});
