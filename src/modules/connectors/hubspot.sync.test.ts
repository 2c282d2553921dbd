import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/support/app.js';
import { HUBSPOT_TOKEN, startHubSpotServer } from '../../../test/support/hubspot.js';
import { cliActor } from '../audit/actor.js';
import { connectorSuite } from './connector.testkit.js';

/**
 * HubSpot sync (issue 16 point 1, docs/hubspot.md) through the real @hubspot/api-client against a local
 * server replaying HubSpot's documented responses (test/fixtures/hubspot): companies → accounts,
 * contacts → contacts with their decision-chain role, closed-won deals → handoffs and subscriptions.
 */
let t: TestApp;
let hubspot: Awaited<ReturnType<typeof startHubSpotServer>>;
let initech = '';

const { api, lastRun, accountOf, contactsOf, settingsStatusForCsm } = connectorSuite(
  'hubspot',
  startHubSpotServer,
  async (app, server) => {
    t = app;
    hubspot = server;
    // An account entered before the CRM was connected, under its own external id: HubSpot's Initech has its domain.
    initech = (
      await t.services.accounts.create(cliActor, {
        name: 'Initech Ltd',
        externalId: 'INI-1',
        domain: 'initech.example',
      })
    ).id;
  },
);
const save = (accessToken?: string, extra: object = {}) =>
  api('PUT', '/api/integrations/hubspot', {
    baseUrl: hubspot.url,
    enabled: true,
    currency: 'USD',
    ...(accessToken && { accessToken }),
    ...extra,
  });

describe('HubSpot connector', () => {
  it('keeps the access token to itself and refuses settings without one or with bad values', async () => {
    const missing = await save();
    expect(missing.statusCode).toBe(400);
    expect(JSON.stringify(missing.json())).toContain('accessToken');
    const badCurrency = await save('x', { currency: 'euro' });
    expect(badCurrency.statusCode).toBe(400);
    expect(JSON.stringify(badCurrency.json())).toContain('currency');

    const saved = await save('expired-token-9876');
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      baseUrl: hubspot.url,
      enabled: true,
      tokenHint: '…9876',
      roleProperty: 'hs_buying_role',
      wonStage: '',
      currency: 'USD',
      interval: 'year',
      runs: [],
    });
    expect(saved.body).not.toContain('expired-token');
    expect(await settingsStatusForCsm()).toBe(403);
  });

  it('stops on an expired token with the reason logged, after one request', async () => {
    const test = await api('POST', '/api/integrations/hubspot/test');
    expect(test.json()).toMatchObject({ ok: false, message: expect.stringContaining('HTTP 401') });
    hubspot.requests.length = 0;
    expect((await api('POST', '/api/integrations/hubspot/sync')).statusCode).toBe(202);
    expect(hubspot.requests.map((r) => r.status)).toEqual([401]);
    expect(await lastRun()).toMatchObject({
      status: 'failed',
      received: 0,
      error: expect.stringContaining('access token (HTTP 401)'),
    });
    expect((await lastRun('zh-CN')).error).toContain('CRM 拒绝了访问令牌');
  });

  it('syncs companies (two pages, through a 429), contacts with roles, won deals and deletions; refuses with reasons', async () => {
    await save(HUBSPOT_TOKEN);
    expect((await api('POST', '/api/integrations/hubspot/test')).json()).toEqual({ ok: true, message: null });
    hubspot.requests.length = 0;
    hubspot.state.rateLimitNext = 1;
    hubspot.state.retryAfter = '2';
    await api('POST', '/api/integrations/hubspot/sync');
    expect(hubspot.requests.map((r) => `${r.status} ${r.method} ${r.path}`)).toEqual([
      '429 POST /crm/v3/objects/companies/search',
      '200 POST /crm/v3/objects/companies/search',
      '200 POST /crm/v3/objects/companies/search',
      '200 POST /crm/v3/objects/contacts/search',
      '200 POST /crm/v3/objects/deals/search',
      '200 POST /crm/v4/associations/deals/companies/batch/read',
      '200 GET /crm/v3/objects/companies?limit=100&properties=name&archived=true',
      '200 GET /crm/v3/objects/contacts?limit=100&properties=name&archived=true',
    ]);
    // The retry waited what Retry-After asked (2 s), not the 1 s back-off of a 5xx.
    expect(hubspot.requests[1].at - hubspot.requests[0].at).toBeGreaterThanOrEqual(1900);
    // Incremental from the start, oldest change first; page 2 by `after`; only won deals.
    expect(hubspot.requests[1].body).toMatchObject({
      filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GT', value: '0' }] }],
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
      limit: 100,
    });
    expect(hubspot.requests[2].body).toMatchObject({ after: '2' });
    // The search sends only the properties asked for: the role property must be among them.
    expect(hubspot.requests[3].body).toMatchObject({ properties: expect.arrayContaining(['hs_buying_role']) });
    // Won in any pipeline: HubSpot's closed-won flag, no stage named (302 is won in a second pipeline).
    expect((hubspot.requests[4].body as { filterGroups: unknown }).filterGroups).toEqual([
      {
        filters: [
          { propertyName: 'hs_lastmodifieddate', operator: 'GT', value: '0' },
          { propertyName: 'hs_is_closed_won', operator: 'EQ', value: 'true' },
        ],
      },
    ]);

    const run = await lastRun();
    // 3 companies + 4 contacts + 2 won deals + 1 deleted company; in: 2 accounts, 2 contacts, 1 subscription, 2 handoffs.
    expect(run).toMatchObject({ status: 'succeeded', received: 10, inserted: 7, updated: 0, deleted: 0, refused: 4 });
    expect(run.refusals).toEqual([
      {
        externalId: 'hubspot:103',
        reason: expect.stringContaining(
          "Company “Initech” has domain initech.example, which account “Initech Ltd” already has: set that account's external id to hubspot:103",
        ),
      },
      { externalId: 'hubspot:203', reason: 'The record is associated with no company, so it belongs to no account.' },
      { externalId: 'hubspot:204', reason: expect.stringContaining('Its company (103) is not an account') },
      { externalId: 'hubspot:104', reason: expect.stringContaining('Company “Umbrella” was deleted in the CRM') },
    ]);

    const acme = await accountOf('hubspot:101');
    expect(acme).toMatchObject({ name: 'Acme Robotics', domain: 'acme.example', industry: 'COMPUTER_SOFTWARE' });
    const globex = await accountOf('hubspot:102');
    expect(globex).toMatchObject({ name: 'Globex', domain: 'www.globex.example' });
    expect(await contactsOf(acme.id)).toMatchObject([
      {
        externalId: 'hubspot:201',
        name: 'Ann Lee',
        email: 'ann.lee@acme.example',
        role: 'decision_maker',
        title: 'VP Operations',
      },
    ]);
    // BUDGET_HOLDER;CHAMPION: the first role that maps.
    expect(await contactsOf(globex.id)).toMatchObject([{ externalId: 'hubspot:202', role: 'economic_buyer' }]);
    expect(await contactsOf(initech)).toEqual([]);

    const subscriptions = (await api('GET', `/api/accounts/${acme.id}/subscriptions`)).json().items;
    expect(subscriptions).toMatchObject([
      {
        subscriptionExternalId: 'hubspot:deal:301',
        plan: 'Acme – annual platform',
        amountMinor: 1200050,
        currency: 'EUR',
        interval: 'year',
        startsOn: '2026-05-01',
        status: 'active',
      },
    ]);
    expect((await api('GET', `/api/accounts/${globex.id}/subscriptions`)).json().items).toEqual([]);
    expect((await api('GET', `/api/accounts/${acme.id}/handoff`)).json()).toMatchObject({
      status: 'draft',
      dealSizeMinor: 1200050,
      salesCycleDays: 61,
    });
    expect((await api('GET', `/api/accounts/${globex.id}/handoff`)).json()).toMatchObject({
      dealSizeMinor: null,
      salesCycleDays: 20,
    });
  });

  it('changes nothing when run again, from the cursor or from the start', async () => {
    hubspot.requests.length = 0;
    await api('POST', '/api/integrations/hubspot/sync');
    // From the cursor: strictly after the last change each type reached.
    expect(hubspot.requests[0].body).toMatchObject({
      filterGroups: [{ filters: [{ operator: 'GT', value: String(Date.parse('2026-06-03T08:00:00.000Z')) }] }],
    });
    expect(await lastRun()).toMatchObject({ status: 'succeeded', received: 0, inserted: 0, updated: 0, refused: 0 });

    // From the start (a lost cursor): every record read again, every write finds its row equal.
    await t.services.db
      .updateTable('connector_configs')
      .set({ cursor: JSON.stringify({}) })
      .where('vendor', '=', 'hubspot')
      .execute();
    await api('POST', '/api/integrations/hubspot/sync');
    expect(await lastRun()).toMatchObject({
      status: 'succeeded',
      received: 10,
      inserted: 0,
      updated: 0,
      deleted: 0,
      refused: 4,
    });
  });

  it('reads deals in a stage the admin named as well as those HubSpot calls won', async () => {
    expect((await save(undefined, { wonStage: 'appointmentscheduled' })).json().wonStage).toBe('appointmentscheduled');
    hubspot.requests.length = 0;
    await api('POST', '/api/integrations/hubspot/sync');
    const deals = hubspot.requests.find((r) => r.path === '/crm/v3/objects/deals/search');
    expect((deals!.body as { filterGroups: { filters: unknown[] }[] }).filterGroups.map((g) => g.filters[1])).toEqual([
      { propertyName: 'hs_is_closed_won', operator: 'EQ', value: 'true' },
      { propertyName: 'dealstage', operator: 'EQ', value: 'appointmentscheduled' },
    ]);
    // 303 (not won, in the named stage) is read now; it is associated with no company, so refused.
    expect(await lastRun()).toMatchObject({ status: 'succeeded', received: 1, refused: 1 });
    expect((await lastRun()).refusals).toEqual([
      {
        externalId: 'hubspot:deal:303',
        reason: 'The record is associated with no company, so it belongs to no account.',
      },
    ]);
    expect((await save(undefined, { wonStage: '' })).json().wonStage).toBe('');
  });

  it('removes a contact deleted in HubSpot, once', async () => {
    const globex = await accountOf('hubspot:102');
    hubspot.state.archiveBob = true;
    await api('POST', '/api/integrations/hubspot/sync');
    expect(await lastRun()).toMatchObject({ status: 'succeeded', received: 1, deleted: 1, refused: 0 });
    expect(await contactsOf(globex.id)).toEqual([]);
    await api('POST', '/api/integrations/hubspot/sync');
    expect(await lastRun()).toMatchObject({ status: 'succeeded', received: 0, deleted: 0 });
  });

  it('writes back health score, renewal probability and CSM owner, each opted into, only where HubSpot differs', async () => {
    const acme = await accountOf('hubspot:101');
    const owner = await t.services.db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('role', '=', 'csm')
      .executeTakeFirstOrThrow();
    await t.services.db.updateTable('accounts').set({ owner_id: owner.id }).where('id', '=', acme.id).execute();
    await t.services.db
      .insertInto('account_facts')
      .values({ account_id: acme.id, health_score: 72.4, renewal_probability: 0.815, updated_at: new Date() })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ health_score: 72.4, renewal_probability: 0.815 }))
      .execute();
    const fields = {
      healthScore: 'tenure_health_score',
      renewalProbability: 'tenure_renewal_probability',
      csmOwner: 'tenure_csm',
    };
    expect((await save(undefined, { writeBack: fields })).json().writeBack).toEqual(fields);
    hubspot.requests.length = 0;
    await api('POST', '/api/integrations/hubspot/sync');
    const update = hubspot.requests.find((r) => r.path === '/crm/v3/objects/companies/batch/update');
    // Acme: 72.4 → "72" (was 50), 81.5 % → "82" (already 82: not sent), the CSM's e-mail; Globex: no score, so cleared.
    expect(update?.body).toEqual({
      inputs: [
        { id: '101', properties: { tenure_health_score: '72', tenure_csm: owner.email } },
        { id: '102', properties: { tenure_health_score: '' } },
      ],
    });
    expect(await lastRun()).toMatchObject({ status: 'succeeded', writtenBack: 2 });

    // Again: HubSpot now holds Tenure's values, nothing is written.
    hubspot.requests.length = 0;
    await api('POST', '/api/integrations/hubspot/sync');
    expect(hubspot.requests.some((r) => r.path.endsWith('/batch/update'))).toBe(false);
    expect(await lastRun()).toMatchObject({ status: 'succeeded', writtenBack: 0 });

    // Opted out: not even read.
    await save(undefined, { writeBack: { healthScore: null, renewalProbability: null, csmOwner: null } });
    hubspot.requests.length = 0;
    await api('POST', '/api/integrations/hubspot/sync');
    expect(hubspot.requests.some((r) => r.path.includes('/batch/'))).toBe(false);
  });
});
