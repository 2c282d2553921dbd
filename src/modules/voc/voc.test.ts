import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';
import { createVocService } from './voc.module.js';

/**
 * Voice of the customer (docs/voc.md) through the API: taxonomy, tags on notes, tickets and NPS answers, the
 * report, and feature requests with their ARR sums and the "tell the customer" CTAs. Today is 2026-06-15
 * (Asia/Shanghai), so the 180-day renewal window runs to 2026-12-12 and the report's default period starts
 * 2026-03-18.
 */
let t: TestApp;
let admin: Session;
let csm: Session;
const ids: Record<string, string> = {};
const items: Record<string, string> = {};

type Facts = [account: string, arr: number | null, renewsOn: string | null][];
async function writeFacts(rows: Facts) {
  const values = sql.join(
    rows.map(
      ([a, arr, on]) =>
        sql`(${ids[a]}::uuid, ${arr === null ? null : arr / 12}::bigint, ${arr}::bigint, null::text, ${on}::date)`,
    ),
  );
  await t.services.accounts.writeFacts(
    'revenue',
    sql`select * from (values ${values}) as s (account_id, mrr_minor, arr_minor, plan, renewal_on)`,
    rows.map(([a]) => ids[a] as string),
  );
}
const FACTS: Facts = [
  ['A', 1_200_000, '2026-09-01'],
  ['B', 600_000, '2026-12-12'],
  ['C', 300_000, '2026-12-13'],
  ['D', null, null],
];

async function send(
  session: Session,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
) {
  return t.app.inject({
    method,
    url,
    payload: payload as object,
    headers: { ...session.headers, 'accept-language': 'en' },
  });
}
const tagId = async (nameEn: string) => {
  const { categories } = (await send(admin, 'GET', '/api/voc/taxonomy')).json();
  for (const c of categories) for (const tag of c.tags) if (tag.nameEn === nameEn) return tag.id as string;
  throw new Error(nameEn);
};

beforeAll(async () => {
  t = await createTestApp({
    TENURE_NOW: '2026-06-15T04:00:00Z',
    TENURE_TIMEZONE: 'Asia/Shanghai',
    TENURE_CURRENCY: 'CNY',
  });
  admin = await t.as('admin');
  csm = await t.as('csm');
  const owners: Record<string, string> = {
    A: t.users.csm.id,
    B: t.users.cs_manager.id,
    C: t.users.csm.id,
    D: t.users.csm.id,
    E: t.users.csm.id,
    F: t.users.cs_manager.id,
  };
  for (const name of ['A', 'B', 'C', 'D', 'E', 'F']) {
    const account = await t.services.accounts.create(cliActor, { name: `Account ${name}`, ownerId: owners[name] });
    ids[name] = account.id;
  }
  const note = await send(csm, 'POST', `/api/accounts/${ids.A}/timeline`, {
    type: 'note',
    body: 'They need an export to Excel',
    occurredAt: '2026-06-01T02:00:00Z',
  });
  expect(note.statusCode, note.body).toBe(201);
  items.note = note.json().id;
  const ticket = await send(csm, 'POST', `/api/accounts/${ids.B}/tickets`, {
    subject: 'Report crashes',
    openedAt: '2026-05-10T02:00:00Z',
  });
  expect(ticket.statusCode, ticket.body).toBe(201);
  items.ticket = ticket.json().id;
  await t.services.nps.bulkInsert(cliActor, [
    { accountId: ids.C as string, score: 6, comment: 'Wish it had an API', respondedAt: '2026-02-01T02:00:00Z' },
  ]);
  const nps = await t.database.db
    .selectFrom(sql`(select id from nps_responses)`.as('n'))
    .select(sql<string>`id`.as('id'))
    .executeTakeFirstOrThrow();
  items.nps = nps.id;
  await writeFacts(FACTS);
});
afterAll(() => t.close());

describe('taxonomy', () => {
  it('is seeded with problem, request and opportunity in both languages; managers edit it, CSMs cannot', async () => {
    const { categories } = (await send(csm, 'GET', '/api/voc/taxonomy')).json();
    expect(categories.map((c: { key: string; nameZh: string }) => [c.key, c.nameZh])).toEqual([
      ['problem', '问题'],
      ['request', '需求'],
      ['opportunity', '机会'],
    ]);
    expect(categories[0].tags.length).toBeGreaterThan(0);
    expect(
      (await send(csm, 'POST', '/api/voc/categories', { nameZh: '流失原因', nameEn: 'Churn reason' })).statusCode,
    ).toBe(403);
    const manager = await t.as('cs_manager');
    const created = await send(manager, 'POST', '/api/voc/categories', { nameZh: '流失原因', nameEn: 'Churn reason' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ key: null, nameEn: 'Churn reason', archived: false, position: 4, tags: [] });
    const tag = await send(manager, 'POST', '/api/voc/tags', {
      categoryId: created.json().id,
      nameZh: '价格',
      nameEn: 'Price',
      productArea: 'Billing',
    });
    expect(tag.statusCode, tag.body).toBe(201);
    expect(tag.json()).toMatchObject({ nameZh: '价格', productArea: 'Billing', uses: 0, archived: false });
    const renamed = await send(manager, 'PATCH', `/api/voc/tags/${tag.json().id}`, { nameEn: 'Pricing' });
    expect(renamed.json().nameEn).toBe('Pricing');
    // An empty patch changes nothing (and is no error).
    const unchanged = await send(manager, 'PATCH', `/api/voc/tags/${tag.json().id}`, {});
    expect(unchanged.statusCode, unchanged.body).toBe(200);
    expect((await send(manager, 'PATCH', `/api/voc/categories/${created.json().id}`, {})).json().nameEn).toBe(
      'Churn reason',
    );
    // Never used: deleted, the category with it.
    expect((await send(manager, 'DELETE', `/api/voc/categories/${created.json().id}`)).json()).toEqual({
      ok: true,
      archived: false,
    });
    expect((await send(manager, 'GET', `/api/voc/taxonomy`)).json().categories).toHaveLength(3);
  });

  it('refuses a tag in a missing or archived category, naming categoryId', async () => {
    const missing = await send(admin, 'POST', '/api/voc/tags', {
      categoryId: '00000000-0000-4000-8000-000000000000',
      nameZh: '甲',
      nameEn: 'A',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.issues[0].path).toBe('body.categoryId');
    const empty = await send(admin, 'POST', '/api/voc/categories', { nameZh: ' ', nameEn: 'X' });
    expect(empty.statusCode).toBe(400);
    expect(JSON.stringify(empty.json())).toContain('nameZh');
    const archived = (await send(admin, 'POST', '/api/voc/categories', { nameZh: '旧', nameEn: 'Old' })).json();
    await send(admin, 'PATCH', `/api/voc/categories/${archived.id}`, { archived: true });
    const refused = await send(admin, 'POST', '/api/voc/tags', { categoryId: archived.id, nameZh: '乙', nameEn: 'B' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.issues[0]).toEqual({
      path: 'body.categoryId',
      message: 'this category is archived: pick another',
    });
  });
});

describe('tags on items and the report', () => {
  it('tags a note, a ticket and an NPS answer, and lists them on the account', async () => {
    const [bug, feature] = [await tagId('Bug'), await tagId('New feature')];
    const onNote = await send(csm, 'PUT', `/api/voc/items/activity/${items.note}/tags`, { tagIds: [bug, feature] });
    expect(onNote.statusCode, onNote.body).toBe(200);
    expect(onNote.json().tags.map((x: { nameEn: string }) => x.nameEn)).toEqual(['Bug', 'New feature']);
    expect((await send(csm, 'PUT', `/api/voc/items/ticket/${items.ticket}/tags`, { tagIds: [bug] })).statusCode).toBe(
      200,
    );
    expect((await send(csm, 'PUT', `/api/voc/items/nps/${items.nps}/tags`, { tagIds: [feature] })).statusCode).toBe(
      200,
    );
    const onA = (await send(csm, 'GET', `/api/accounts/${ids.A}/voc-tags`)).json().items;
    expect(onA).toEqual([expect.objectContaining({ itemType: 'activity', itemId: items.note })]);
    expect(onA[0].tags).toHaveLength(2);
    const audit = await t.services.audit.list({ entity: 'voc_item_tags', page: 1, pageSize: 10 });
    expect(audit.items).toHaveLength(3);
  });

  it('refuses unknown and archived tags naming tagIds.<n>, missing items, and viewers', async () => {
    const bug = await tagId('Bug');
    const unknown = await send(csm, 'PUT', `/api/voc/items/activity/${items.note}/tags`, {
      tagIds: [bug, '00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.issues[0].path).toBe('body.tagIds.1');
    const notUuid = await send(csm, 'PUT', `/api/voc/items/activity/${items.note}/tags`, { tagIds: ['nope'] });
    expect(notUuid.statusCode).toBe(400);
    expect(notUuid.json().error.issues[0].path).toBe('body.tagIds.0');
    const badType = await send(csm, 'PUT', `/api/voc/items/email/${items.note}/tags`, { tagIds: [] });
    expect(badType.statusCode).toBe(400);
    const missing = await send(csm, 'PUT', `/api/voc/items/ticket/${items.note}/tags`, { tagIds: [bug] });
    expect(missing.statusCode).toBe(404);
    const viewer = await t.as('viewer');
    expect((await send(viewer, 'PUT', `/api/voc/items/ticket/${items.ticket}/tags`, { tagIds: [] })).statusCode).toBe(
      403,
    );

    const slow = await tagId('Slow performance');
    expect((await send(admin, 'DELETE', `/api/voc/tags/${slow}`)).json()).toEqual({ ok: true, archived: false });
    const upsell = await tagId('Upsell');
    await send(csm, 'PUT', `/api/voc/items/ticket/${items.ticket}/tags`, { tagIds: [bug, upsell] });
    // Used: archived, and it stays on the ticket, but cannot be added anew.
    expect((await send(admin, 'DELETE', `/api/voc/tags/${upsell}`)).json()).toEqual({ ok: true, archived: true });
    const kept = await send(csm, 'PUT', `/api/voc/items/ticket/${items.ticket}/tags`, { tagIds: [bug, upsell] });
    expect(kept.statusCode).toBe(200);
    const archived = await send(csm, 'PUT', `/api/voc/items/activity/${items.note}/tags`, { tagIds: [upsell] });
    expect(archived.statusCode).toBe(400);
    expect(archived.json().error.issues[0]).toEqual({
      path: 'body.tagIds.0',
      message: 'this tag is archived: pick another',
    });
    await send(csm, 'PUT', `/api/voc/items/ticket/${items.ticket}/tags`, { tagIds: [bug] });
  });

  it('ranks tags by the ARR of their accounts in the period, and trends categories per month', async () => {
    const report = await send(csm, 'GET', '/api/voc/report');
    expect(report.statusCode, report.body).toBe(200);
    const body = report.json();
    expect([body.from, body.to, body.currency]).toEqual(['2026-03-18', '2026-06-15', 'CNY']);
    // Bug: A's note and B's ticket (1,200,000 + 600,000); New feature: A's note only (C's NPS answer is February).
    expect(
      body.tags.map((x: { nameEn: string; items: number; accounts: number; arrMinor: number }) => [
        x.nameEn,
        x.items,
        x.accounts,
        x.arrMinor,
      ]),
    ).toEqual([
      ['Bug', 2, 2, 1_800_000],
      ['New feature', 1, 1, 1_200_000],
    ]);
    const category = Object.fromEntries(body.categories.map((c: { id: string; nameEn: string }) => [c.id, c.nameEn]));
    expect(
      body.trend.map((r: { month: string; categoryId: string; items: number; arrMinor: number }) => [
        r.month,
        category[r.categoryId],
        r.items,
        r.arrMinor,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['2026-02', 'Request', 1, 300_000],
        ['2026-05', 'Problem', 1, 600_000],
        ['2026-06', 'Problem', 1, 1_200_000],
        ['2026-06', 'Request', 1, 1_200_000],
      ]),
    );
    expect(body.trend).toHaveLength(4);
    const longer = (await send(csm, 'GET', '/api/voc/report?days=180')).json();
    expect(longer.from).toBe('2025-12-18');
    expect(longer.tags.find((x: { nameEn: string }) => x.nameEn === 'New feature')).toMatchObject({
      items: 2,
      accounts: 2,
      arrMinor: 1_500_000,
    });
    const reversed = await send(csm, 'GET', '/api/voc/report?from=2026-06-15&to=2026-01-01');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.issues[0].path).toBe('querystring.from');
  });

  it('tags a logged call like any timeline entry, and the report counts it under its tag', async () => {
    const call = await send(csm, 'POST', `/api/accounts/${ids.B}/timeline`, {
      type: 'call',
      body: 'Asked when single sign-on comes',
      occurredAt: '2026-06-12T02:00:00Z',
    });
    expect(call.statusCode, call.body).toBe(201);
    const { categories } = (await send(admin, 'GET', '/api/voc/taxonomy')).json();
    const request = categories.find((c: { key: string }) => c.key === 'request');
    const tag = await send(admin, 'POST', '/api/voc/tags', {
      categoryId: request.id,
      nameZh: '单点登录',
      nameEn: 'Single sign-on',
    });
    expect(tag.statusCode, tag.body).toBe(201);
    const tagged = await send(csm, 'PUT', `/api/voc/items/activity/${call.json().id}/tags`, {
      tagIds: [tag.json().id],
    });
    expect(tagged.statusCode, tagged.body).toBe(200);
    const onB = (await send(csm, 'GET', `/api/accounts/${ids.B}/voc-tags`)).json().items;
    expect(onB).toContainEqual(expect.objectContaining({ itemType: 'activity', itemId: call.json().id }));
    // B's ARR is 600,000; the call is its only item under the new tag.
    const report = (await send(csm, 'GET', '/api/voc/report')).json();
    expect(report.tags.find((x: { nameEn: string }) => x.nameEn === 'Single sign-on')).toMatchObject({
      items: 1,
      accounts: 1,
      arrMinor: 600_000,
    });
  });
});

describe('feature requests', () => {
  let request: string;
  it('sums the ARR of the requesting accounts and the ARR renewing within 180 days', async () => {
    const created = await send(csm, 'POST', '/api/voc/requests', {
      title: 'Excel export',
      productArea: 'Reports',
      accountId: ids.A,
      sourceType: 'activity',
      sourceId: items.note,
    });
    expect(created.statusCode, created.body).toBe(201);
    request = created.json().id;
    expect(created.json()).toMatchObject({
      status: 'new',
      accounts: 1,
      arrMinor: 1_200_000,
      renewingArrMinor: 1_200_000,
      currency: 'CNY',
    });
    for (const account of ['B', 'C', 'D', 'E'])
      expect(
        (await send(csm, 'POST', `/api/voc/requests/${request}/accounts`, { accountId: ids[account] })).statusCode,
      ).toBe(200);
    // E is deleted: it drops out of the sums and the list of requesters.
    await t.services.accounts.remove(cliActor, ids.E as string);
    const detail = (await send(csm, 'GET', `/api/voc/requests/${request}`)).json();
    // A + B + C + D (no ARR); renewing: A (September) and B (12 December, the last day); not C (13 December).
    expect(detail).toMatchObject({ accounts: 4, arrMinor: 2_100_000, renewingArrMinor: 1_800_000 });
    expect(
      detail.requesters.map((r: { accountName: string; renewingSoon: boolean }) => [r.accountName, r.renewingSoon]),
    ).toEqual([
      ['Account A', true],
      ['Account B', true],
      ['Account C', false],
      ['Account D', false],
    ]);
    expect(detail.requesters[0]).toMatchObject({
      sourceType: 'activity',
      sourceId: items.note,
      owner: { name: t.users.csm.name },
    });

    const other = (await send(csm, 'POST', '/api/voc/requests', { title: 'API access', accountId: ids.C })).json();
    const list = async (query: string) =>
      (await send(csm, 'GET', `/api/voc/requests?${query}`)).json() as { items: { id: string }[]; total: number };
    expect((await list('')).items.map((r) => r.id)).toEqual([request, other.id]);
    expect((await list('sort=title&order=asc')).items.map((r) => r.id)).toEqual([other.id, request]);
    expect((await list('q=excel')).items.map((r) => r.id)).toEqual([request]);
    expect((await list(`accountId=${ids.C}&sort=arr&order=asc`)).items.map((r) => r.id)).toEqual([other.id, request]);
    expect(await list('pageSize=1&page=2')).toMatchObject({ total: 2, items: [{ id: other.id }] });

    // A renewed: its next renewal is a year away, out of the window.
    await writeFacts([['A', 1_200_000, '2027-09-01']]);
    expect((await send(csm, 'GET', `/api/voc/requests/${request}`)).json()).toMatchObject({
      arrMinor: 2_100_000,
      renewingArrMinor: 600_000,
    });
    await writeFacts(FACTS.slice(0, 1));
  });

  it('refuses bad input naming the field, and viewers', async () => {
    const noTitle = await send(csm, 'POST', '/api/voc/requests', { title: '' });
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().error.issues[0].path).toBe('body.title');
    const badStatus = await send(csm, 'PATCH', `/api/voc/requests/${request}`, { status: 'done' });
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json().error.issues[0].path).toBe('body.status');
    const noAccount = await send(csm, 'POST', `/api/voc/requests/${request}/accounts`, {
      accountId: '00000000-0000-4000-8000-000000000000',
    });
    expect(noAccount.statusCode).toBe(400);
    expect(noAccount.json().error.issues[0].path).toBe('body.accountId');
    const viewer = await t.as('viewer');
    expect((await send(viewer, 'POST', '/api/voc/requests', { title: 'X' })).statusCode).toBe(403);
    expect((await send(viewer, 'GET', '/api/voc/requests')).statusCode).toBe(200);
  });

  it('opens one CTA per requesting account for its owner when shipped, once, and audits the status', async () => {
    const shipped = await send(csm, 'PATCH', `/api/voc/requests/${request}`, { status: 'shipped' });
    expect(shipped.statusCode, shipped.body).toBe(200);
    expect(shipped.json().shippedAt).not.toBeNull();
    const accounts = ['A', 'B', 'C', 'D', 'F'].map((a) => ids[a] as string);
    const open = async () =>
      (await t.services.ctas.listOpen({ accountIds: accounts })).filter((c) => c.title?.includes('Excel export'));
    const first = await open();
    expect(first.map((c) => [c.accountId, c.ownerId]).sort()).toEqual(
      [
        [ids.A, t.users.csm.id],
        [ids.B, t.users.cs_manager.id],
        [ids.C, t.users.csm.id],
        [ids.D, t.users.csm.id],
      ].sort(),
    );
    expect(first[0]?.title).toBe('Tell the customer: “Excel export” has shipped');
    expect(shipped.json().requesters.every((r: { ctaId: string | null }) => r.ctaId)).toBe(true);
    // Saved as shipped again (and back and forth): no second CTA.
    await send(csm, 'PATCH', `/api/voc/requests/${request}`, { status: 'shipped', description: 'In 4.2' });
    await send(csm, 'PATCH', `/api/voc/requests/${request}`, { status: 'planned' });
    await send(csm, 'PATCH', `/api/voc/requests/${request}`, { status: 'shipped' });
    expect(await open()).toHaveLength(4);
    // An account added after shipping is told too.
    await send(csm, 'POST', `/api/voc/requests/${request}/accounts`, { accountId: ids.F });
    const after = await open();
    expect(after).toHaveLength(5);
    expect(after.find((c) => c.accountId === ids.F)?.ownerId).toBe(t.users.cs_manager.id);
    const audit = await t.services.audit.list({ entity: 'feature_request', page: 1, pageSize: 50 });
    expect(audit.items.filter((a: { action: string }) => a.action === 'status')).toHaveLength(3);
    const report = (await send(csm, 'GET', '/api/voc/report')).json();
    expect(report.requests.map((r: { title: string }) => r.title)).toEqual(['API access']);
  });
});

describe('bulk tags', () => {
  it('tags many items in one call: unknown items and archived tags skipped, links already there kept, one audit entry', async () => {
    const [reporting, upsell, bug] = [await tagId('Reporting'), await tagId('Upsell'), await tagId('Bug')];
    const audited = async () =>
      (await t.services.audit.list({ entity: 'voc_item_tags', page: 1, pageSize: 100 })).items.length;
    const before = await audited();
    const voc = createVocService(t.services, 'CNY');
    const added = await voc.taxonomy.tagMany(cliActor, [
      { itemType: 'activity', itemId: items.note!, tagId: reporting },
      { itemType: 'nps', itemId: items.nps!, tagId: reporting },
      // Already on the ticket; the note is no ticket; Upsell was archived above.
      { itemType: 'ticket', itemId: items.ticket!, tagId: bug },
      { itemType: 'ticket', itemId: items.note!, tagId: reporting },
      { itemType: 'activity', itemId: items.note!, tagId: upsell },
    ]);
    expect(added).toBe(2);
    const onA = await voc.taxonomy.accountTags(ids.A!);
    expect(onA[0]!.tags.map((x) => x.nameEn)).toEqual(['Bug', 'New feature', 'Reporting']);
    const onC = await voc.taxonomy.accountTags(ids.C!);
    expect(onC[0]!.tags.map((x) => x.nameEn)).toContain('Reporting');
    expect(await audited()).toBe(before + 1);
  });
});
