import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';

/** Tickets and NPS answers written and read through the API (issue 13): the Support tab's data. */
let t: TestApp;
let csm: Session;
let accountId: string;
let contactId: string;

beforeAll(async () => {
  t = await createTestApp(); // clock: 2026-06-15T04:00:00Z
  csm = await t.as('csm');
  const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload, headers: csm.headers });
  accountId = (await post('/api/accounts', { name: 'Support Co' })).json().id;
  contactId = (await post(`/api/accounts/${accountId}/contacts`, { name: 'Amy Lee' })).json().id;
});
afterAll(() => t.close());

const tickets = () => `/api/accounts/${accountId}/tickets`;
const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, session = csm) =>
  t.app.inject({ method, url, payload, headers: { ...session.headers, 'accept-language': 'en' } });

describe('tickets through the API', () => {
  it('creates, lists with filters and sorts, and closes a ticket stamping the closing time', async () => {
    const support = await t.as('support');
    const created = await inject(
      'POST',
      tickets(),
      { subject: 'Export fails', priority: 'high', type: 'bug', contactId, openedAt: '2026-06-05T04:00:00Z' },
      support,
    );
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      subject: 'Export fails',
      status: 'open',
      priority: 'high',
      type: 'bug',
      contactName: 'Amy Lee',
      closedAt: null,
      ageDays: 10,
    });
    await inject('POST', tickets(), {
      subject: 'How to invite users',
      priority: 'low',
      openedAt: '2026-06-14T04:00:00Z',
    });
    await inject('POST', tickets(), { subject: 'Outage', priority: 'urgent', status: 'solved', csat: 2 });

    const list = async (query: string) => (await inject('GET', `${tickets()}?${query}`)).json();
    expect((await list('')).items.map((x: { subject: string }) => x.subject)).toEqual([
      'Outage',
      'How to invite users',
      'Export fails',
    ]);
    expect((await list('state=open&sort=age')).items.map((x: { subject: string }) => x.subject)).toEqual([
      'Export fails',
      'How to invite users',
    ]);
    expect((await list('state=closed')).items).toMatchObject([{ subject: 'Outage', csat: 2, ageDays: 0 }]);
    expect((await list('sort=priority&order=asc')).items.map((x: { priority: string }) => x.priority)).toEqual([
      'low',
      'high',
      'urgent',
    ]);
    const page = await list('priority=high&pageSize=1');
    expect(page.total).toBe(1);

    const id = created.json().id;
    const closed = await inject('PATCH', `${tickets()}/${id}`, { status: 'closed', csat: 4 });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', csat: 4, closedAt: '2026-06-15T04:00:00.000Z' });
    const reopened = await inject('PATCH', `${tickets()}/${id}`, { status: 'pending' });
    expect(reopened.json()).toMatchObject({ status: 'pending', closedAt: null });
    await inject('PATCH', `${tickets()}/${id}`, { status: 'solved' });

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('entity', '=', 'ticket')
      .where('entity_id', '=', id)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'update', 'update', 'update']);
  });

  it('refuses bad input with 400 naming the field in the caller’s language', async () => {
    const bad = await inject('POST', tickets(), { subject: '', priority: 'whenever', csat: 9 });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.issues.map((i: { path: string }) => i.path)
        .sort(),
    ).toEqual(['body.csat', 'body.priority', 'body.subject']);
    const future = await inject('POST', tickets(), { subject: 'Later', openedAt: '2026-07-01T00:00:00Z' });
    expect(future.json().error.issues[0]).toMatchObject({ path: 'body.openedAt' });
    const zh = await t.app.inject({
      method: 'POST',
      url: tickets(),
      payload: { subject: 'X', contactId: '00000000-0000-4000-8000-000000000000' },
      headers: { ...csm.headers, 'accept-language': 'zh-CN' },
    });
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.issues[0]).toMatchObject({ path: 'body.contactId', message: '请选择该客户的联系人' });
    expect((await inject('GET', `${tickets()}?state=maybe`)).json().error.issues[0].path).toBe('querystring.state');
    const missing = await inject('PATCH', `${tickets()}/00000000-0000-4000-8000-000000000000`, { status: 'closed' });
    expect(missing.statusCode).toBe(404);
  });

  it('keeps the import identity: the same external id updates the ticket, on another account it conflicts', async () => {
    const first = (await inject('POST', tickets(), { externalId: 'T-1', subject: 'Login slow' })).json();
    const again = await inject('POST', tickets(), { externalId: 'T-1', subject: 'Login slow', status: 'solved' });
    expect(again.json()).toMatchObject({ id: first.id, status: 'solved' });
    const other = (await inject('POST', '/api/accounts', { name: 'Other Co' })).json().id;
    const taken = await inject('POST', `/api/accounts/${other}/tickets`, { externalId: 'T-1', subject: 'Mine' });
    expect(taken.statusCode).toBe(409);
  });

  it('lets every role but viewers write tickets and answers, and everyone read them', async () => {
    const viewer = await t.as('viewer');
    expect((await inject('GET', tickets(), undefined, viewer)).statusCode).toBe(200);
    expect((await inject('POST', tickets(), { subject: 'Nope' }, viewer)).statusCode).toBe(403);
    expect((await inject('POST', `/api/accounts/${accountId}/nps`, { score: 5 }, viewer)).statusCode).toBe(403);
    for (const role of ['support', 'sales', 'onboarding', 'cs_manager', 'admin'] as const)
      expect((await inject('POST', tickets(), { subject: `From ${role}` }, await t.as(role))).statusCode).toBe(201);
  });
});

describe('NPS answers through the API', () => {
  it('records and lists answers, refuses a score outside 0–10, and opens the detractor CTA at the rule run', async () => {
    const nps = `/api/accounts/${accountId}/nps`;
    const bad = await inject('POST', nps, { score: 11, respondedAt: 'yesterday' });
    expect(
      bad
        .json()
        .error.issues.map((i: { path: string }) => i.path)
        .sort(),
    ).toEqual(['body.respondedAt', 'body.score']);
    const answer = await inject('POST', nps, { score: 3, comment: 'Exports keep failing', contactId });
    expect(answer.statusCode).toBe(201);
    expect(answer.json()).toMatchObject({ score: 3, category: 'detractor', contactName: 'Amy Lee' });
    await inject('POST', nps, { score: 9, respondedAt: '2026-05-01T00:00:00Z' });
    const list = (await inject('GET', nps)).json();
    expect(list.total).toBe(2);
    expect(list.items.map((a: { score: number }) => a.score)).toEqual([3, 9]);

    await t.services.ctas.runRules({ accountIds: [accountId] });
    const ctas = (await inject('GET', `/api/ctas?scope=all&accountId=${accountId}`)).json().items;
    expect(ctas.map((c: { ruleKey: string }) => c.ruleKey)).toContain('nps_detractor');
  });
});

describe('the timeline shows tickets and NPS answers', () => {
  it('lists ticket opened / closed and NPS entries, filterable by type', async () => {
    const timeline = async (types: string) =>
      (await inject('GET', `/api/accounts/${accountId}/timeline?types=${types}&pageSize=200`)).json();
    const entries = (await timeline('ticket')).items as { data: { key: string; params: { subject: string } } }[];
    const exportFails = entries.filter((e) => e.data.params.subject === 'Export fails').map((e) => e.data.key);
    expect(exportFails.sort()).toEqual(['timeline.ticketClosed', 'timeline.ticketOpened']);
    const nps = await timeline('nps');
    expect(nps.items.map((e: { body: string | null }) => e.body)).toEqual(['Exports keep failing', null]);
    expect(nps.items[0].data.params).toEqual({ score: 3, npsCategory: 'detractor' });
    const all = await timeline('');
    expect(all.total).toBe((await timeline('ticket')).total + nps.total + (await timeline('system,note')).total);
  });
});
