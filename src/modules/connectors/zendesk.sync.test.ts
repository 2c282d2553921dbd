import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/support/app.js';
import { startZendeskServer, ZENDESK_EMAIL, ZENDESK_TOKEN } from '../../../test/support/zendesk.js';
import { cliActor } from '../audit/actor.js';
import { connectorSuite } from './connector.testkit.js';

/**
 * Zendesk ticket sync (issue 16 point 3, docs/zendesk.md) through the real node-zendesk client against
 * a local server replaying Zendesk's documented responses (test/fixtures/zendesk).
 */
let t: TestApp;
let zendesk: Awaited<ReturnType<typeof startZendeskServer>>;
const ids: Record<'acme' | 'globex' | 'initech', string> = { acme: '', globex: '', initech: '' };

const { api, lastRun, settingsStatusForCsm } = connectorSuite('zendesk', startZendeskServer, async (app, server) => {
  t = app;
  zendesk = server;
  // Paying customers (health scores customers only).
  const create = async (input: { name: string; externalId?: string; domain?: string }) =>
    (await t.services.accounts.create(cliActor, { ...input, firstPaidOn: '2026-01-01' })).id;
  ids.acme = await create({ name: 'Acme Robotics', externalId: 'ACME-1' });
  ids.globex = await create({ name: 'Globex', domain: 'www.globex.example' });
  // Initech exists under another external id and domain: its Zendesk organisation matches nothing.
  ids.initech = await create({ name: 'Initech', externalId: 'INI-1', domain: 'initech.test' });
});
const save = (apiToken?: string, baseUrl = zendesk.url) =>
  api('PUT', '/api/integrations/zendesk', {
    baseUrl,
    email: ZENDESK_EMAIL,
    enabled: true,
    ...(apiToken && { apiToken }),
  });
const ticketsOf = async (accountId: string) =>
  (await api('GET', `/api/accounts/${accountId}/tickets?pageSize=50&sort=opened&order=asc`)).json().items;

describe('Zendesk connector', () => {
  it('keeps the API token to itself and refuses a settings page without one', async () => {
    const missing = await api('PUT', '/api/integrations/zendesk', {
      baseUrl: zendesk.url,
      email: ZENDESK_EMAIL,
      enabled: true,
    });
    expect(missing.statusCode).toBe(400);
    expect(JSON.stringify(missing.json())).toContain('apiToken');
    const bad = await api('PUT', '/api/integrations/zendesk', {
      baseUrl: 'not a url',
      email: ZENDESK_EMAIL,
      enabled: true,
      apiToken: 'x',
    });
    expect(bad.statusCode).toBe(400);

    const saved = await save('expired-token-9876');
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      baseUrl: zendesk.url,
      email: ZENDESK_EMAIL,
      enabled: true,
      tokenHint: '…9876',
      runs: [],
    });
    expect(saved.body).not.toContain('expired-token');
    expect(await settingsStatusForCsm()).toBe(403);
  });

  it('stops on expired credentials with the reason logged, after one request (no retry storm)', async () => {
    const test = await api('POST', '/api/integrations/zendesk/test');
    expect(test.json()).toMatchObject({ ok: false, message: expect.stringContaining('HTTP 401') });
    zendesk.requests.length = 0;
    const sync = await api('POST', '/api/integrations/zendesk/sync');
    expect(sync.statusCode).toBe(202);
    expect(zendesk.requests.map((r) => r.status)).toEqual([401]);
    expect(await lastRun()).toMatchObject({
      status: 'failed',
      trigger: 'manual',
      received: 0,
      error: expect.stringContaining('API token may have expired'),
    });
    expect((await lastRun('zh-CN')).error).toContain('API 令牌可能已过期');
  });

  it('syncs two pages by cursor through a 429, matches organisations by external id and domain, refuses the rest, removes a deleted ticket', async () => {
    await save(ZENDESK_TOKEN);
    expect((await api('POST', '/api/integrations/zendesk/test')).json()).toEqual({ ok: true, message: null });
    zendesk.requests.length = 0;
    zendesk.state.rateLimitNext = 1;
    zendesk.state.retryAfter = '2';
    await api('POST', '/api/integrations/zendesk/sync');
    // Organisations in two pages, then the export: 429 (Retry-After honoured), page 1, page 2 by cursor.
    expect(zendesk.requests.map((r) => `${r.status} ${r.path.split('?')[0]}`)).toEqual([
      '200 /api/v2/organizations.json',
      '200 /api/v2/organizations.json',
      '429 /api/v2/incremental/tickets/cursor.json',
      '200 /api/v2/incremental/tickets/cursor.json',
      '200 /api/v2/incremental/tickets/cursor.json',
    ]);
    // The retry waited what Retry-After asked (2 s), not the 1 s back-off of a 5xx.
    expect(zendesk.requests[3].at - zendesk.requests[2].at).toBeGreaterThanOrEqual(1900);
    expect(zendesk.requests[3].path).toContain('start_time=0');
    expect(zendesk.requests[4].path).toContain('cursor=c1');

    const run = await lastRun();
    expect(run).toMatchObject({ status: 'succeeded', received: 7, inserted: 4, updated: 0, deleted: 1, refused: 2 });
    expect(run.refusals).toEqual([
      {
        externalId: 'zendesk:3',
        reason:
          'Organisation “Initech” matches no account: no account has external id INI-9 or domain initech.example.',
      },
      { externalId: 'zendesk:6', reason: 'The ticket has no organisation, so it belongs to no account.' },
    ]);
    expect((await lastRun('zh-CN')).refusals[0].reason).toContain('组织“Initech”没有对应的客户');

    expect(await ticketsOf(ids.acme)).toMatchObject([
      {
        externalId: 'zendesk:1',
        subject: 'Robot arm calibration fails',
        status: 'open',
        priority: 'high',
        type: 'problem',
        csat: null,
        openedAt: '2026-06-01T02:00:00.000Z',
        closedAt: null,
      },
      { externalId: 'zendesk:4', status: 'pending', priority: 'urgent', type: 'incident', csat: 1, closedAt: null },
    ]);
    expect(await ticketsOf(ids.globex)).toMatchObject([
      { externalId: 'zendesk:2', status: 'solved', type: 'question', csat: 5, closedAt: '2026-06-04T08:30:00.000Z' },
    ]);
    expect(await ticketsOf(ids.initech)).toEqual([]);
  });

  it('lets ticket-based health measures see the synced tickets', async () => {
    const scorecard = await t.services.health.create(cliActor, {
      name: 'Support load',
      measures: [
        { type: 'open_tickets', weight: 1, bad: 3, good: 0, attributeKey: null },
        { type: 'urgent_tickets', weight: 1, bad: 1, good: 0, attributeKey: null },
      ],
    });
    await t.services.health.recompute({ asOfDay: '2026-06-15' });
    const values = await t.services.db
      .selectFrom('health_measure_snapshots as m')
      .innerJoin('health_measures as h', 'h.id', 'm.measure_id')
      .select(['h.type', 'm.value'])
      .where('m.scorecard_id', '=', scorecard.id)
      .where('m.account_id', '=', ids.acme)
      .where('m.day', '=', '2026-06-15')
      .execute();
    // Open: #1 and #4 (#5 was deleted in Zendesk and left the count); high or urgent in 30 days: #1 and #4.
    expect(Object.fromEntries(values.map((v) => [v.type, Number(v.value)]))).toEqual({
      open_tickets: 2,
      urgent_tickets: 2,
    });
  });

  it('opens the ticket CTA rule on a synced urgent ticket, through the data-arrival signal of the sync', async () => {
    // No explicit rule run: the sync's commit signalled Acme and Globex, and the rules ran for them (inline here).
    const ctas = async (accountId: string) =>
      (await api('GET', `/api/ctas?scope=all&status=all&accountId=${accountId}`)).json().items as {
        ruleKey: string | null;
        reasonKey: string;
        reasonParams: Record<string, unknown>;
        status: string;
      }[];
    const acme = (await ctas(ids.acme)).filter((c) => c.ruleKey === 'tickets');
    // #4 "Production line down": urgent, on hold in Zendesk (pending in Tenure), so open.
    expect(acme).toMatchObject([{ reasonKey: 'ctas.reason.tickets', reasonParams: { urgent: 1 }, status: 'open' }]);
    // Globex's only ticket is a solved question: no ticket CTA.
    expect((await ctas(ids.globex)).filter((c) => c.ruleKey === 'tickets')).toEqual([]);
  });

  it('changes nothing when run again, from the cursor or from the start', async () => {
    const before = [await ticketsOf(ids.acme), await ticketsOf(ids.globex)];
    zendesk.requests.length = 0;
    await api('POST', '/api/integrations/zendesk/sync');
    expect(zendesk.requests.at(-1)?.path).toContain('cursor=c2');
    expect(await lastRun()).toMatchObject({
      status: 'succeeded',
      received: 0,
      inserted: 0,
      updated: 0,
      deleted: 0,
      refused: 0,
    });

    // A crash after page 2 was stored but before the run ended re-reads page 2 (the cursor before it is c1): every
    // upsert finds its row equal, the deleted ticket is already gone.
    await t.services.db
      .updateTable('connector_configs')
      .set({ cursor: JSON.stringify({ tickets: 'c1' }) })
      .execute();
    await api('POST', '/api/integrations/zendesk/sync');
    expect(await lastRun()).toMatchObject({
      status: 'succeeded',
      received: 3,
      inserted: 0,
      updated: 0,
      deleted: 0,
      refused: 1,
    });
    expect([await ticketsOf(ids.acme), await ticketsOf(ids.globex)]).toEqual(before);
  });

  it('runs one sync per vendor at a time', async () => {
    const first = await t.services.db
      .insertInto('connector_runs')
      .values({ vendor: 'zendesk', trigger: 'schedule', started_at: new Date('2026-06-15T03:59:00Z') })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await t.services.connectors.run('zendesk', 'manual')).toBe('busy');
    // A run left running past the stale limit (a dead process) no longer holds the slot.
    await t.services.db
      .updateTable('connector_runs')
      .set({ started_at: new Date('2026-06-15T02:00:00Z') })
      .where('id', '=', first.id)
      .execute();
    expect(await t.services.connectors.run('zendesk', 'manual')).toBe('succeeded');
    const runs = (await api('GET', '/api/integrations/zendesk')).json().runs;
    expect(runs.find((r: { id: string }) => r.id === String(first.id))).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('interrupted'),
    });
  });

  it('brings a refused ticket in once its account is fixed, with a sync from the start', async () => {
    // Initech's organisation has the domain initech.example: the account takes it.
    await t.services.accounts.update(cliActor, ids.initech, { domain: 'initech.example' });
    const acme = await ticketsOf(ids.acme);
    // From the cursor, nothing new: #3 was refused long ago and the export has moved past it.
    await api('POST', '/api/integrations/zendesk/sync');
    expect(await ticketsOf(ids.initech)).toEqual([]);

    zendesk.requests.length = 0;
    const started = await api('POST', '/api/integrations/zendesk/sync?from=start');
    expect(started.statusCode).toBe(202);
    expect(zendesk.requests.find((r) => r.path.includes('/incremental/'))?.path).toContain('start_time=0');
    expect(await ticketsOf(ids.initech)).toMatchObject([{ externalId: 'zendesk:3', subject: 'Password reset' }]);
    // Only the ticket without an organisation is refused now; the others are as they were.
    expect(await lastRun()).toMatchObject({ status: 'succeeded', trigger: 'manual', received: 7, refused: 1 });
    expect(await ticketsOf(ids.acme)).toEqual(acme);
    // The cursor went on from there: the next run reads from the end again.
    zendesk.requests.length = 0;
    await api('POST', '/api/integrations/zendesk/sync');
    expect(zendesk.requests.at(-1)?.path).toContain('cursor=c2');

    expect((await api('POST', '/api/integrations/zendesk/sync?from=somewhere')).statusCode).toBe(400);
  });
});
