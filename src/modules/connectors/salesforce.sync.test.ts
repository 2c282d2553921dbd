import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/support/app.js';
import { SALESFORCE_CLIENT, SALESFORCE_TOKEN, startSalesforceServer } from '../../../test/support/salesforce.js';
import { cliActor } from '../audit/actor.js';
import { connectorSuite } from './connector.testkit.js';

/**
 * Salesforce sync (issue 16 point 2, docs/salesforce.md) through the real jsforce client against a local
 * server replaying Salesforce's documented REST responses (test/fixtures/salesforce): Accounts → accounts,
 * Contacts → contacts with their decision-chain role, won Opportunities → handoffs and subscriptions,
 * deletions through queryAll, write-back to Account fields.
 */
let t: TestApp;
let sf: Awaited<ReturnType<typeof startSalesforceServer>>;
let initech = '';
const ACME = '001000000000101AAA';
const GLOBEX = '001000000000102AAA';

const { api, lastRun, accountOf, contactsOf, settingsStatusForCsm } = connectorSuite(
  'salesforce',
  startSalesforceServer,
  async (app, server) => {
    t = app;
    sf = server;
    // Entered before the CRM was connected, under its own external id: Salesforce's Initech has its domain.
    initech = (
      await t.services.accounts.create(cliActor, {
        name: 'Initech Ltd',
        externalId: 'INI-1',
        domain: 'initech.example',
      })
    ).id;
  },
);
const save = (extra: object = {}) =>
  api('PUT', '/api/integrations/salesforce', {
    baseUrl: sf.url,
    enabled: true,
    roleField: 'Buying_Role__c',
    multiCurrency: true,
    ...extra,
  });
const soqls = () => sf.requests.map((r) => `${r.status} ${r.method} ${r.path}${r.soql ? ` ${r.soql}` : ''}`);

describe('Salesforce connector', () => {
  it('keeps secrets to itself and refuses settings without one or with bad values', async () => {
    const missing = await save();
    expect(missing.statusCode).toBe(400);
    expect(JSON.stringify(missing.json())).toContain('accessToken');
    const noClient = await save({ auth: 'clientCredentials' });
    expect(JSON.stringify(noClient.json())).toContain('clientId');
    const badUrl = await save({ baseUrl: 'acme', accessToken: 'x' });
    expect(badUrl.statusCode).toBe(400);
    expect(JSON.stringify(badUrl.json())).toContain('baseUrl');
    const badField = await save({ accessToken: 'x', roleField: 'Role Field' });
    expect(JSON.stringify(badField.json())).toContain('roleField');

    const saved = await save({ accessToken: 'expired-token-9876' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      baseUrl: sf.url,
      enabled: true,
      auth: 'accessToken',
      tokenHint: '…9876',
      clientId: null,
      roleField: 'Buying_Role__c',
      currency: 'USD',
      multiCurrency: true,
      interval: 'year',
      runs: [],
    });
    expect(saved.body).not.toContain('expired-token');
    expect(await settingsStatusForCsm()).toBe(403);
  });

  it('stops on an expired session with the reason logged, after one request', async () => {
    const test = await api('POST', '/api/integrations/salesforce/test');
    expect(test.json()).toMatchObject({ ok: false, message: expect.stringContaining('HTTP 401') });
    sf.requests.length = 0;
    expect((await api('POST', '/api/integrations/salesforce/sync')).statusCode).toBe(202);
    expect(sf.requests.map((r) => r.status)).toEqual([401]);
    expect(await lastRun()).toMatchObject({
      status: 'failed',
      received: 0,
      error: expect.stringContaining('access token (HTTP 401)'),
    });
    expect((await lastRun('zh-CN')).error).toContain('CRM 拒绝了访问令牌');
  });

  it('signs in with a connected app (client credentials), and says so when the secret is wrong', async () => {
    await save({ auth: 'clientCredentials', clientId: SALESFORCE_CLIENT.clientId, clientSecret: 'wrong-secret' });
    const refused = await api('POST', '/api/integrations/salesforce/test');
    expect(refused.json()).toMatchObject({ ok: false, message: expect.stringContaining('invalid client credentials') });
    const saved = await save({
      auth: 'clientCredentials',
      clientId: SALESFORCE_CLIENT.clientId,
      clientSecret: SALESFORCE_CLIENT.clientSecret,
    });
    expect(saved.json()).toMatchObject({
      auth: 'clientCredentials',
      clientId: SALESFORCE_CLIENT.clientId,
      tokenHint: '…5678',
    });
    sf.requests.length = 0;
    expect((await api('POST', '/api/integrations/salesforce/test')).json()).toEqual({ ok: true, message: null });
    expect(soqls()).toEqual([
      '200 POST /services/oauth2/token',
      '200 GET /services/data/v62.0/query SELECT Id FROM Account LIMIT 1',
    ]);
  });

  it('syncs Accounts (two pages, through a 429), Contacts with roles, won Opportunities and deletions; refuses with reasons', async () => {
    await save({ accessToken: SALESFORCE_TOKEN });
    sf.requests.length = 0;
    sf.state.rateLimitNext = 1;
    sf.state.retryAfter = '2';
    await api('POST', '/api/integrations/salesforce/sync');
    // The retry waited what Retry-After asked (2 s), not the 1 s back-off of a 5xx.
    expect(sf.requests[1].at - sf.requests[0].at).toBeGreaterThanOrEqual(1900);
    const order = 'ORDER BY SystemModstamp, Id';
    expect(soqls()).toEqual([
      `429 GET /services/data/v62.0/queryAll SELECT Id, Name, Website, Industry, NumberOfEmployees, SystemModstamp, IsDeleted FROM Account ${order}`,
      `200 GET /services/data/v62.0/queryAll SELECT Id, Name, Website, Industry, NumberOfEmployees, SystemModstamp, IsDeleted FROM Account ${order}`,
      '200 GET /services/data/v62.0/query/01gRO00000A1b2cYAB-2',
      `200 GET /services/data/v62.0/queryAll SELECT Id, AccountId, FirstName, LastName, Email, Phone, Title, SystemModstamp, IsDeleted, Buying_Role__c FROM Contact ${order}`,
      `200 GET /services/data/v62.0/query SELECT Id, AccountId, Name, Amount, CloseDate, CreatedDate, IsWon, SystemModstamp, CurrencyIsoCode FROM Opportunity WHERE IsWon = true ${order}`,
    ]);

    const run = await lastRun();
    // 4 Accounts (one deleted) + 4 Contacts + 2 won Opportunities; in: 2 accounts, 2 contacts, 1 subscription, 2 handoffs.
    expect(run).toMatchObject({ status: 'succeeded', received: 10, inserted: 7, updated: 0, deleted: 0, refused: 4 });
    expect(run.refusals).toEqual([
      {
        externalId: 'salesforce:001000000000103AAA',
        reason: expect.stringContaining(
          "Company “Initech” has domain initech.example, which account “Initech Ltd” already has: set that account's external id to salesforce:001000000000103AAA",
        ),
      },
      {
        externalId: 'salesforce:001000000000104AAA',
        reason: expect.stringContaining('Company “Umbrella” was deleted'),
      },
      {
        externalId: 'salesforce:003000000000203AAA',
        reason: 'The record is associated with no company, so it belongs to no account.',
      },
      {
        externalId: 'salesforce:003000000000204AAA',
        reason: expect.stringContaining('Its company (001000000000103AAA) is not an account'),
      },
    ]);

    const acme = await accountOf(`salesforce:${ACME}`);
    // Domain from Website, without scheme, www. and path.
    expect(acme).toMatchObject({ name: 'Acme Robotics', domain: 'acme.example', industry: 'Technology' });
    const globex = await accountOf(`salesforce:${GLOBEX}`);
    expect(globex).toMatchObject({ name: 'Globex', domain: 'globex.example' });
    expect(await contactsOf(acme.id)).toMatchObject([
      {
        externalId: 'salesforce:003000000000201AAA',
        name: 'Ann Lee',
        email: 'ann.lee@acme.example',
        role: 'decision_maker',
        title: 'VP Operations',
      },
    ]);
    // "Executive Sponsor;Champion" (a multi-select picklist): the first value that maps.
    expect(await contactsOf(globex.id)).toMatchObject([
      { externalId: 'salesforce:003000000000202AAA', role: 'economic_buyer' },
    ]);
    expect(await contactsOf(initech)).toEqual([]);

    expect((await api('GET', `/api/accounts/${acme.id}/subscriptions`)).json().items).toMatchObject([
      {
        subscriptionExternalId: 'salesforce:deal:006000000000301AAA',
        plan: 'Acme – annual platform',
        amountMinor: 1200050,
        currency: 'EUR',
        interval: 'year',
        startsOn: '2026-05-01',
        status: 'active',
      },
    ]);
    // Globex: a won pilot without Amount (a handoff, no subscription); the lost upsell is not read.
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
    sf.requests.length = 0;
    await api('POST', '/api/integrations/salesforce/sync');
    // From the cursor: strictly after the last SystemModstamp each object reached.
    expect(sf.requests.map((r) => r.soql?.match(/WHERE (.*) ORDER/)?.[1])).toEqual([
      'SystemModstamp > 2026-06-03T08:00:00Z',
      'SystemModstamp > 2026-06-02T12:00:00Z',
      'SystemModstamp > 2026-06-02T13:00:00Z AND IsWon = true',
    ]);
    expect(await lastRun()).toMatchObject({ status: 'succeeded', received: 0, inserted: 0, updated: 0, refused: 0 });

    await t.services.db
      .updateTable('connector_configs')
      .set({ cursor: JSON.stringify({}) })
      .where('vendor', '=', 'salesforce')
      .execute();
    await api('POST', '/api/integrations/salesforce/sync');
    expect(await lastRun()).toMatchObject({
      status: 'succeeded',
      received: 10,
      inserted: 0,
      updated: 0,
      deleted: 0,
      refused: 4,
    });
  });

  it('removes a Contact deleted in Salesforce, once', async () => {
    const globex = await accountOf(`salesforce:${GLOBEX}`);
    sf.state.deleteBob = true;
    await api('POST', '/api/integrations/salesforce/sync');
    expect(await lastRun()).toMatchObject({ status: 'succeeded', received: 1, deleted: 1, refused: 0 });
    expect(await contactsOf(globex.id)).toEqual([]);
    await api('POST', '/api/integrations/salesforce/sync');
    expect(await lastRun()).toMatchObject({ status: 'succeeded', received: 0, deleted: 0 });
  });

  it('stops on the API limit: a Retry-After too long to wait, or the 24-hour limit, each after one request', async () => {
    sf.requests.length = 0;
    sf.state.rateLimitNext = 1;
    sf.state.retryAfter = '600';
    await api('POST', '/api/integrations/salesforce/sync');
    sf.state.retryAfter = '1';
    expect(sf.requests.map((r) => r.status)).toEqual([429]);
    expect((await lastRun()).error).toContain('wait asked: 600 s');

    sf.requests.length = 0;
    sf.state.dailyLimitNext = true;
    await api('POST', '/api/integrations/salesforce/sync');
    expect(sf.requests.map((r) => r.status)).toEqual([403]);
    expect(await lastRun()).toMatchObject({
      status: 'failed',
      error: expect.stringContaining("the org's API request limit is reached (TotalRequests Limit exceeded.)"),
    });
    expect((await lastRun('zh-CN')).error).toContain('API 请求额度已用完');
  });

  it("logs Salesforce's own reason when it refuses a query (a field the org lacks)", async () => {
    sf.state.badFieldNext = true;
    await api('POST', '/api/integrations/salesforce/sync');
    expect((await lastRun()).error).toContain('HTTP 400, INVALID_FIELD): \nSELECT');
    expect((await lastRun()).error).toContain("No such column 'No_Such__c'");
  });

  it('writes back health score, renewal probability and CSM owner, each opted into, only where Salesforce differs', async () => {
    const acme = await accountOf(`salesforce:${ACME}`);
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
      healthScore: 'Tenure_Health_Score__c',
      renewalProbability: 'Tenure_Renewal_Probability__c',
      csmOwner: 'Tenure_CSM__c',
    };
    expect((await save({ writeBack: fields })).json().writeBack).toEqual(fields);
    sf.requests.length = 0;
    await api('POST', '/api/integrations/salesforce/sync');
    const read = sf.requests.find((r) => r.soql?.includes('WHERE Id IN'));
    expect(read?.soql).toBe(
      `SELECT Id, Tenure_Health_Score__c, Tenure_Renewal_Probability__c, Tenure_CSM__c FROM Account WHERE Id IN ('${ACME}', '${GLOBEX}')`,
    );
    const update = sf.requests.find((r) => r.path === '/services/data/v62.0/composite/sobjects');
    // Acme: 72.4 → 72 (was 50), 81.5 % → 82 (already 82: not sent), the CSM's e-mail; Globex: no score, so cleared.
    expect(update?.body).toEqual({
      allOrNone: false,
      records: [
        { id: ACME, attributes: { type: 'Account' }, Tenure_Health_Score__c: 72, Tenure_CSM__c: owner.email },
        { id: GLOBEX, attributes: { type: 'Account' }, Tenure_Health_Score__c: null },
      ],
    });
    expect(await lastRun()).toMatchObject({ status: 'succeeded', writtenBack: 2 });

    // Again: Salesforce now holds Tenure's values, nothing is written.
    sf.requests.length = 0;
    await api('POST', '/api/integrations/salesforce/sync');
    expect(sf.requests.some((r) => r.path.endsWith('/composite/sobjects'))).toBe(false);
    expect(await lastRun()).toMatchObject({ status: 'succeeded', writtenBack: 0 });

    // Opted out: not even read.
    await save({ writeBack: { healthScore: null, renewalProbability: null, csmOwner: null } });
    sf.requests.length = 0;
    await api('POST', '/api/integrations/salesforce/sync');
    expect(sf.requests.some((r) => r.soql?.includes('WHERE Id IN'))).toBe(false);
  });
});
