import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { createClock } from '../../clock.js';
import { TABLE_OWNERS } from '../../db/ownership.js';
import { createServices } from '../../services.js';
import { cliActor } from '../audit/actor.js';

/** The tracking API through a real HTTP client: the app listens on a port and fetch talks to it. */
let t: TestApp;
let url: string;
let key: string;
let basic: Record<string, string>;
let admin: Record<string, string>;

const NOW = '2026-06-15T04:00:00.000Z'; // 12:00 in Shanghai, the organisation's zone

beforeAll(async () => {
  t = await createTestApp();
  url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  key = (await t.services.writeKeys.create(cliActor, { name: 'web app' })).key;
  basic = {
    authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
    'content-type': 'application/json',
    'accept-language': 'en',
  };
  admin = (await t.as('admin')).headers;
});
afterAll(() => t.close());

const post = (path: string, body: unknown, headers: Record<string, string> = basic) =>
  fetch(`${url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
const api = async (path: string, headers = admin) => {
  const response = await fetch(`${url}${path}`, { headers });
  return { status: response.status, body: await response.json() };
};
const accountId = async (externalId: string) =>
  (await api(`/api/accounts?externalId=${externalId}`)).body.items[0]?.id as string | undefined;
const settle = () => t.processor.runNow();

describe('write keys', () => {
  it('authenticate by HTTP Basic (key as user name) or writeKey in the body', async () => {
    expect((await post('/v1/track', { userId: 'k1', event: 'Login' })).status).toBe(200);
    const body = await post('/v1/t', JSON.stringify({ writeKey: key, userId: 'k1', event: 'Login' }), {
      'content-type': 'text/plain',
    });
    expect(body.status).toBe(200);
    expect(await body.json()).toEqual({ success: true, duplicate: false });
  });

  it('are refused when missing, wrong or revoked, and API tokens do not work on /v1', async () => {
    const missing = await post(
      '/v1/track',
      { userId: 'k1', event: 'Login' },
      { 'content-type': 'application/json', 'accept-language': 'en' },
    );
    expect(missing.status).toBe(401);
    expect((await missing.json()).error.message).toMatch(/write key/);
    const wrong = await post(
      '/v1/track',
      { userId: 'k1', event: 'Login' },
      { ...basic, authorization: `Basic ${Buffer.from('twk_nope:').toString('base64')}` },
    );
    expect(wrong.status).toBe(401);
    const { token } = await t.services.auth.createToken(cliActor, { name: 'script', role: 'admin' });
    expect(
      (await post('/v1/track', { userId: 'k1', event: 'Login' }, { ...basic, authorization: `Bearer ${token}` }))
        .status,
    ).toBe(401);
    expect(
      (
        await post(
          '/v1/track',
          { userId: 'k1', event: 'Login' },
          { ...basic, authorization: `Basic ${Buffer.from(`${token}:`).toString('base64')}` },
        )
      ).status,
    ).toBe(401);

    const created = await t.services.writeKeys.create(cliActor, { name: 'to revoke' });
    const revokable = { ...basic, authorization: `Basic ${Buffer.from(`${created.key}:`).toString('base64')}` };
    expect((await post('/v1/track', { userId: 'k1', event: 'Login' }, revokable)).status).toBe(200);
    await t.services.writeKeys.revoke(cliActor, created.id);
    expect((await post('/v1/track', { userId: 'k1', event: 'Login' }, revokable)).status).toBe(401);
  });

  it('are ingest-only: they open nothing under /api', async () => {
    for (const authorization of [basic.authorization, `Bearer ${key}`]) {
      expect((await fetch(`${url}/api/accounts`, { headers: { authorization } })).status).toBe(401);
      expect((await fetch(`${url}/api/keys`, { headers: { authorization } })).status).toBe(401);
    }
  });

  it('are created, listed without their secret, and revoked by admins through /api/keys', async () => {
    const created = await fetch(`${url}/api/keys`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'RudderStack' }),
    });
    expect(created.status).toBe(201);
    const row = await created.json();
    expect(row.key).toMatch(/^twk_[A-Za-z0-9_-]{32}$/);
    const listed = await api('/api/keys');
    expect(listed.body.items.find((k: { id: string }) => k.id === row.id)).toMatchObject({
      name: 'RudderStack',
      prefix: row.key.slice(0, 10),
      revoked_at: null,
    });
    expect(JSON.stringify(listed.body)).not.toContain(row.key);
    const viewer = await api('/api/keys', (await t.as('viewer')).headers);
    expect(viewer.status).toBe(403);
    const revoked = await fetch(`${url}/api/keys/${row.id}`, { method: 'DELETE', headers: admin });
    expect(revoked.status).toBe(200);
    expect((await api('/api/keys')).body.items.find((k: { id: string }) => k.id === row.id).revoked_at).not.toBeNull();
  });
});

describe('batches and limits', () => {
  it('keeps the good messages of a batch and names the refused ones by index and reason', async () => {
    const response = await post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'b1', event: 'Report Viewed', messageId: 'batch-1' },
        { type: 'track', userId: 'b1', messageId: 'batch-2' },
        { type: 'page', anonymousId: 'anon-b', name: 'Home', messageId: 'batch-3' },
        { type: 'kick', userId: 'b1' },
        'not a message',
      ],
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      success: true,
      accepted: 2,
      duplicates: 0,
      rejected: [
        { index: 1, reason: 'a track call needs an event name' },
        { index: 3, reason: 'type must be one of identify, group, track, page, screen, alias' },
        { index: 4, reason: 'is not a JSON object' },
      ],
    });
    const zh = await post(
      '/v1/batch',
      { batch: [{ type: 'track', event: 'x' }] },
      { ...basic, 'accept-language': 'zh-CN' },
    );
    expect((await zh.json()).rejected).toEqual([{ index: 0, reason: '需要 userId 或 anonymousId' }]);
  });

  it('answers 413 for a batch over 500 KB and 400 for a single message over 32 KB, naming the limit', async () => {
    const batch = Array.from({ length: 20 }, (_, i) => ({
      type: 'track',
      userId: 'big',
      event: 'Big',
      messageId: `big-${i}`,
      properties: { pad: 'x'.repeat(30_000) },
    }));
    const tooLarge = await post('/v1/batch', { batch });
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).error.message).toContain('500 KB');
    const huge = await post('/v1/batch', {
      batch: [{ type: 'track', userId: 'big', event: 'Big', properties: { pad: 'x'.repeat(5_000_000) } }],
    });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.message).toContain('500 KB');
    const single = await post('/v1/track', { userId: 'big', event: 'Big', properties: { pad: 'x'.repeat(40_000) } });
    expect(single.status).toBe(400);
    expect((await single.json()).error.message).toContain('32 KB');
    const mixed = await post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'big', event: 'Big', messageId: 'fits' },
        { type: 'track', userId: 'big', event: 'Big', properties: { pad: 'x'.repeat(40_000) } },
      ],
    });
    expect(await mixed.json()).toMatchObject({
      accepted: 1,
      rejected: [{ index: 1, reason: 'is larger than the 32 KB limit per message' }],
    });
  });

  it('takes relayed messages of any type at /v1/webhook, keeping the relay’s corrected timestamp', async () => {
    const relayed = {
      type: 'track',
      userId: 'relay',
      event: 'Relayed',
      messageId: 'relay-1',
      timestamp: '2026-06-15T01:00:00Z',
      sentAt: '2026-06-15T01:00:09Z',
      receivedAt: '2026-06-15T01:00:10Z',
    };
    expect(await (await post('/v1/webhook', relayed)).json()).toEqual({ success: true, duplicate: false });
    expect(
      (await post('/v1/webhook', { ...relayed, type: 'identify', messageId: 'relay-2', traits: { name: 'R' } })).status,
    ).toBe(200);
    expect((await post('/v1/webhook', { userId: 'relay', event: 'No type' })).status).toBe(400);
    const stored = await t.database.db
      .selectFrom('usage_events')
      .select(['type', 'timestamp'])
      .where('message_id', 'in', ['relay-1', 'relay-2'])
      .orderBy('message_id')
      .execute();
    expect(stored.map((r) => [r.type, r.timestamp.toISOString()])).toEqual([
      ['track', '2026-06-15T01:00:00.000Z'],
      ['identify', '2026-06-15T01:00:00.000Z'],
    ]);
  });

  it('refuses a single malformed message with 400 and its reason', async () => {
    const response = await post('/v1/group', { userId: 'x' });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain('a group call needs a groupId');
  });

  it('accepts gzip bodies, analytics.js batches (/v1/b, text/plain) and answers CORS preflights', async () => {
    const body = gzipSync(
      JSON.stringify({ batch: [{ type: 'track', userId: 'gz', event: 'Compressed', messageId: 'gz-1' }] }),
    );
    const gz = await fetch(`${url}/v1/batch`, {
      method: 'POST',
      headers: { ...basic, 'content-encoding': 'gzip' },
      body: new Uint8Array(body),
    });
    expect(await gz.json()).toMatchObject({ accepted: 1 });
    const ajs = await post(
      '/v1/b',
      JSON.stringify({
        writeKey: key,
        batch: [{ type: 'track', userId: 'ajs', event: 'Clicked', messageId: 'ajs-1' }],
        sentAt: NOW,
      }),
      { 'content-type': 'text/plain' },
    );
    expect(await ajs.json()).toMatchObject({ accepted: 1 });
    expect(ajs.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await fetch(`${url}/v1/batch`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
  });
});

describe('exactly once', () => {
  it('acknowledges a re-sent message without storing or counting it again', async () => {
    const batch = [
      { type: 'group', userId: 'once-1', groupId: 'once-co', messageId: 'once-g' },
      { type: 'track', userId: 'once-1', event: 'Exported', messageId: 'once-1' },
      { type: 'track', userId: 'once-1', event: 'Exported', messageId: 'once-2' },
    ];
    expect(await (await post('/v1/batch', { batch })).json()).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(await (await post('/v1/batch', { batch: [...batch, batch[1]] })).json()).toMatchObject({
      accepted: 0,
      duplicates: 4,
    });
    expect(await (await post('/v1/track', batch[1])).json()).toEqual({ success: true, duplicate: true });
    await settle();
    await settle();
    const id = await accountId('once-co');
    const daily = await api(`/api/accounts/${id}/usage/daily?from=2026-06-01&to=2026-06-30`);
    expect(daily.body.items).toEqual([{ date: '2026-06-15', event: 'Exported', count: 2, users: 1 }]);
    const stored = await t.database.db
      .selectFrom('usage_events')
      .select('message_id')
      .where('message_id', 'like', 'once-%')
      .execute();
    expect(stored).toHaveLength(3);
  });
});

describe('accounts, people and time', () => {
  it('creates the account a group names, applies group traits, and counts days in the organisation time zone', async () => {
    await post('/v1/batch', {
      sentAt: '2026-06-15T04:00:10Z',
      batch: [
        {
          type: 'group',
          userId: 'ann',
          groupId: 'northwind',
          traits: {
            name: 'Northwind Analytics',
            plan: 'Growth',
            industry: 'Software',
            employees: 120,
            website: 'https://www.northwind.io/about',
          },
          messageId: 'nw-g1',
        },
        // 17:30 UTC on the 14th is 01:30 on the 15th in Shanghai.
        { type: 'track', userId: 'ann', event: 'Report Viewed', timestamp: '2026-06-14T17:30:00Z', messageId: 'nw-1' },
        { type: 'track', userId: 'ann', event: 'Report Viewed', timestamp: '2026-06-14T15:30:00Z', messageId: 'nw-2' },
        // Sent with a clock 2 hours fast: 06:00:05 by its clock is 04:00:10 by ours, so the event is at 03:59:50.
        {
          type: 'track',
          userId: 'bob',
          event: 'Report Viewed',
          timestamp: '2026-06-15T06:00:00Z',
          sentAt: '2026-06-15T06:00:10Z',
          context: { groupId: 'northwind' },
          messageId: 'nw-3',
        },
      ],
    });
    await settle();
    const id = (await accountId('northwind'))!;
    const account = (await api(`/api/accounts/${id}`)).body;
    expect(account).toMatchObject({
      name: 'Northwind Analytics',
      industry: 'Software',
      employees: 120,
      domain: 'northwind.io',
      attributes: { plan: 'Growth' },
    });
    const daily = await api(`/api/accounts/${id}/usage/daily?from=2026-06-14&to=2026-06-15`);
    expect(daily.body.items).toEqual([
      { date: '2026-06-14', event: 'Report Viewed', count: 1, users: 1 },
      { date: '2026-06-15', event: 'Report Viewed', count: 2, users: 2 },
    ]);
    const skewed = await t.database.db
      .selectFrom('usage_events')
      .select('timestamp')
      .where('message_id', '=', 'nw-3')
      .executeTakeFirstOrThrow();
    expect(skewed.timestamp.toISOString()).toBe('2026-06-15T03:59:50.000Z');
    const untimed = await t.database.db
      .selectFrom('usage_events')
      .select('timestamp')
      .where('message_id', '=', 'nw-g1')
      .executeTakeFirstOrThrow();
    expect(untimed.timestamp.toISOString()).toBe(NOW);
    expect((await api(`/api/accounts/${id}/usage/active?from=2026-06-14&to=2026-06-15`)).body.items).toEqual([
      { date: '2026-06-14', users: 1 },
      { date: '2026-06-15', users: 2 },
    ]);
  });

  it('applies many groups’ traits at once: each changed account audited and on its timeline once, an unchanged one left alone', async () => {
    const groups = Array.from({ length: 30 }, (_, i) => `fleet-${i}`);
    const group = (groupId: string, traits: Record<string, unknown>, messageId: string) => ({
      type: 'group',
      userId: `${groupId}-user`,
      groupId,
      traits,
      messageId,
    });
    await post('/v1/batch', {
      batch: groups.map((g, i) => group(g, { name: `Fleet ${i}`, employees: 10 + i }, `${g}-1`)),
    });
    await settle();
    const ids = await Promise.all(groups.map(async (g) => (await accountId(g))!));
    const accountsNow = async () =>
      t.database.db
        .selectFrom('accounts')
        .select(['id', 'name', 'employees', 'attributes'])
        .where('id', 'in', ids)
        .execute();
    const updates = async (id: string) =>
      t.database.db
        .selectFrom('audit_log')
        .select(['before', 'after', 'actor_name'])
        .where('entity', '=', 'account')
        .where('entity_id', '=', id)
        .where('action', '=', 'update')
        .execute();
    const updatedEntries = async (id: string) =>
      (await t.database.db.selectFrom('activities').select('data').where('account_id', '=', id).execute()).filter(
        (a) => (a.data as { key?: string }).key === 'timeline.accountUpdated',
      );
    const byId = new Map((await accountsNow()).map((a) => [a.id, a]));
    groups.forEach((_, i) => expect(byId.get(ids[i]!)).toMatchObject({ name: `Fleet ${i}`, employees: 10 + i }));
    for (const [i, id] of ids.entries()) {
      const audited = await updates(id);
      expect(audited).toHaveLength(1);
      expect(audited[0]!.before).toMatchObject({ name: `fleet-${i}`, employees: null });
      expect(audited[0]!.after).toMatchObject({ name: `Fleet ${i}`, employees: 10 + i });
      expect((await updatedEntries(id)).map((a) => a.data)).toEqual([
        { key: 'timeline.accountUpdated', params: { fields: ['name', 'employees'] } },
      ]);
    }

    // The same traits again change nothing; a group sent twice ends with its later traits.
    await post('/v1/batch', {
      batch: [
        group('fleet-0', { name: 'Fleet 0', employees: 10 }, 'fleet-0-2'),
        group('fleet-1', { name: 'Fleet One' }, 'fleet-1-2'),
        group('fleet-2', { name: 'Fleet Two' }, 'fleet-2-2'),
        group('fleet-2', { name: 'Fleet Deux', plan: 'Scale' }, 'fleet-2-3'),
      ],
    });
    await settle();
    const after = new Map((await accountsNow()).map((a) => [a.id, a]));
    expect(after.get(ids[0]!)).toMatchObject({ name: 'Fleet 0', employees: 10 });
    expect(await updates(ids[0]!)).toHaveLength(1);
    expect(await updatedEntries(ids[0]!)).toHaveLength(1);
    expect(after.get(ids[1]!)).toMatchObject({ name: 'Fleet One', employees: 11 });
    expect(after.get(ids[2]!)).toMatchObject({ name: 'Fleet Deux', attributes: { plan: 'Scale' } });
    expect((await updatedEntries(ids[2]!)).map((a) => a.data)).toEqual(
      expect.arrayContaining([
        { key: 'timeline.accountUpdated', params: { fields: ['name', 'employees'] } },
        { key: 'timeline.accountUpdated', params: { fields: ['name', 'attributes'] } },
      ]),
    );
    expect(await updatedEntries(ids[2]!)).toHaveLength(2);
    const pending = await t.database.db
      .selectFrom('tracking_groups')
      .select('group_id')
      .where('traits_pending', '=', true)
      .execute();
    expect(pending).toEqual([]);
  });

  it('keeps the events of people without an account and attributes them when the link arrives', async () => {
    await post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'early', event: 'Workflow Run', messageId: 'early-1' },
        { type: 'track', anonymousId: 'visitor-9', event: 'Workflow Run', messageId: 'early-2' },
      ],
    });
    await settle();
    const waiting = await t.database.db
      .selectFrom('usage_events')
      .select('account_id')
      .where('message_id', 'in', ['early-1', 'early-2'])
      .execute();
    expect(waiting.map((r) => r.account_id)).toEqual([null, null]);

    await post('/v1/group', { userId: 'early', groupId: 'latecomer' });
    await post('/v1/page', { anonymousId: 'visitor-9', name: 'Pricing', context: { groupId: 'latecomer' } });
    await settle();
    const id = (await accountId('latecomer'))!;
    const daily = await api(`/api/accounts/${id}/usage/daily?from=2026-06-15&to=2026-06-15`);
    expect(daily.body.items).toEqual([
      { date: '2026-06-15', event: '$page', count: 1, users: 1 },
      { date: '2026-06-15', event: 'Workflow Run', count: 2, users: 2 },
    ]);
  });

  it('gives the account to events that raced with their person’s link (stored without one just as the link committed)', async () => {
    await post('/v1/group', { userId: 'racer', groupId: 'race-co' });
    const raced = t.services.usage.encodeEvent({
      messageId: 'race-1',
      type: 'track',
      event: 'Raced',
      userId: 'racer',
      anonymousId: null,
      groupId: null,
      timestamp: NOW,
      originalTimestamp: null,
      sentAt: null,
      properties: null,
      context: null,
    });
    await t.services.usage.appendEvents(t.database.db, [{ json: raced, accountId: null }], null, new Date(NOW));
    await settle();
    const id = (await accountId('race-co'))!;
    expect((await api(`/api/accounts/${id}/usage/daily?from=2026-06-15&to=2026-06-15`)).body.items).toEqual([
      { date: '2026-06-15', event: 'Raced', count: 1, users: 1 },
    ]);
  });

  it('applies identify traits to the contact, before or after the person joins the account', async () => {
    await post('/v1/identify', {
      userId: 'cara',
      traits: { email: 'Cara@Northwind.io', firstName: 'Cara', lastName: 'Lin', title: 'Head of Ops' },
    });
    await post('/v1/track', { userId: 'cara', event: 'Report Viewed', context: { groupId: 'northwind' } });
    await settle();
    const id = (await accountId('northwind'))!;
    const contacts =
      (await api(`/api/accounts/${id}/contacts`)).body.items ?? (await api(`/api/accounts/${id}/contacts`)).body;
    expect(contacts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'Cara Lin',
          email: 'cara@northwind.io',
          title: 'Head of Ops',
          externalId: 'cara',
        }),
      ]),
    );

    await post('/v1/identify', { userId: 'cara', traits: { title: 'COO' } });
    await settle();
    const after = (await api(`/api/accounts/${id}/contacts`)).body;
    expect((after.items ?? after).find((c: { externalId: string }) => c.externalId === 'cara')).toMatchObject({
      name: 'Cara Lin',
      title: 'COO',
    });

    const users = await api(`/api/accounts/${id}/usage/users?from=2026-06-01&to=2026-06-30`);
    expect(users.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          userId: 'cara',
          anonymous: false,
          name: 'Cara Lin',
          email: 'cara@northwind.io',
          events: 1,
          activeDays: 1,
        }),
        expect.objectContaining({ userId: 'ann', events: 2, activeDays: 2, name: null }),
      ]),
    );
  });

  it('brings the roll-ups up to date within seconds without being asked', async () => {
    await post('/v1/track', { userId: 'ann', event: 'Alert Created', messageId: 'auto-1' });
    const id = (await accountId('northwind'))!;
    const started = Date.now();
    let count = 0;
    while (count === 0 && Date.now() - started < 5_000) {
      const daily = await api(`/api/accounts/${id}/usage/daily?from=2026-06-15&to=2026-06-15`);
      count = daily.body.items.find((r: { event: string }) => r.event === 'Alert Created')?.count ?? 0;
      if (!count) await new Promise((r) => setTimeout(r, 50));
    }
    expect(count).toBe(1);
  });

  it('a round with nothing to do writes nothing, so the answers read from those tables stay cached', async () => {
    await post('/v1/group', { userId: 'idle', groupId: 'idle-co', traits: { name: 'Idle Co' } });
    await settle();
    const { changes } = t.database;
    const since = changes.now();
    await settle();
    const changed = Object.keys(TABLE_OWNERS).filter((table) => !changes.unchangedSince([table], since));
    expect(changed).toEqual([]);
    await post('/v1/track', { userId: 'idle', event: 'Alert Created', messageId: 'idle-round-1' });
    await settle();
    expect(changes.unchangedSince(['usage_daily'], since)).toBe(false);
  });

  it('validates the usage range', async () => {
    const id = (await accountId('northwind'))!;
    expect((await api(`/api/accounts/${id}/usage/daily?from=2026-06-15&to=2026-06-01`)).status).toBe(400);
    expect((await api(`/api/accounts/${id}/usage/daily?from=June&to=2026-06-01`)).status).toBe(400);
    expect(
      (await api(`/api/accounts/00000000-0000-4000-8000-000000000000/usage/daily?from=2026-06-01&to=2026-06-02`))
        .status,
    ).toBe(404);
  });
});

describe('event catalogue and configuration', () => {
  it('lists every event seen with volume and last seen; managers map events to modules', async () => {
    await settle();
    const catalogue = await api('/api/events/catalogue');
    const report = catalogue.body.items.find((e: { event: string }) => e.event === 'Report Viewed');
    expect(report).toMatchObject({ module: null, lastSeenAt: expect.any(String) });
    expect(report.volume30d).toBeGreaterThanOrEqual(4);

    const manager = (await t.as('cs_manager')).headers;
    const json = { ...manager, 'content-type': 'application/json' };
    const put = (path: string, body: unknown) =>
      fetch(`${url}${path}`, { method: 'PUT', headers: json, body: JSON.stringify(body) });
    const modules = await put('/api/events/modules', {
      modules: [
        { key: 'reporting', name: 'Reporting', core: true },
        { key: 'automation', name: 'Automation', core: false },
      ],
    });
    expect(modules.status).toBe(200);
    expect(
      (
        await put('/api/events/modules', {
          modules: [
            { key: 'a', name: 'A', core: true },
            { key: 'a', name: 'B', core: false },
          ],
        })
      ).status,
    ).toBe(400);
    const patch = (event: string, module: string | null) =>
      fetch(`${url}/api/events/catalogue/${encodeURIComponent(event)}`, {
        method: 'PATCH',
        headers: json,
        body: JSON.stringify({ module }),
      });
    expect((await patch('Report Viewed', 'reporting')).status).toBe(200);
    expect((await patch('Report Viewed', 'nonsense')).status).toBe(400);
    expect((await patch('Never Seen', 'reporting')).status).toBe(404);
    expect(
      (await put('/api/events/key-behaviour', { keyBehaviour: { event: 'Report Viewed', perWeek: 3 } })).status,
    ).toBe(200);
    expect((await put('/api/events/retention', { retentionDays: 90 })).status).toBe(403);

    const config = await api('/api/events/config');
    expect(config.body).toEqual({
      modules: [
        { key: 'reporting', name: 'Reporting', core: true },
        { key: 'automation', name: 'Automation', core: false },
      ],
      keyBehaviour: { event: 'Report Viewed', perWeek: 3 },
      retentionDays: 400,
    });
    expect(
      (await api('/api/events/catalogue')).body.items.find((e: { event: string }) => e.event === 'Report Viewed')
        .module,
    ).toBe('reporting');
  });
});

describe('retention', () => {
  it('refuses events older than the retention period and purges raw events past it, keeping the roll-ups', async () => {
    const put = await fetch(`${url}/api/events/retention`, {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ retentionDays: 30 }),
    });
    expect(put.status).toBe(200);
    const old = await post('/v1/batch', {
      batch: [
        {
          type: 'track',
          userId: 'ret',
          event: 'Old',
          timestamp: '2026-05-01T00:00:00Z',
          context: { groupId: 'retained' },
          messageId: 'ret-old',
        },
        {
          type: 'track',
          userId: 'ret',
          event: 'Recent',
          timestamp: '2026-06-01T00:00:00Z',
          context: { groupId: 'retained' },
          messageId: 'ret-new',
        },
      ],
    });
    expect(await old.json()).toMatchObject({
      accepted: 1,
      rejected: [{ index: 0, reason: 'is dated before 2026-05-16, outside the retention period for raw events' }],
    });
    await settle();

    // Twenty days later the June 1st event is past its 30 days.
    const later = createServices({
      db: t.database.db,
      clock: createClock('2026-07-05T00:00:00Z'),
      config: { TENURE_SESSION_DAYS: 14 },
    });
    const purged = await later.usage.purge();
    expect(purged.deleted).toBeGreaterThanOrEqual(1);
    expect(
      await t.database.db
        .selectFrom('usage_events')
        .select('message_id')
        .where('message_id', '=', 'ret-new')
        .executeTakeFirst(),
    ).toBeUndefined();
    const id = (await accountId('retained'))!;
    expect((await api(`/api/accounts/${id}/usage/daily?from=2026-06-01&to=2026-06-01`)).body.items).toEqual([
      { date: '2026-06-01', event: 'Recent', count: 1, users: 1 },
    ]);
  });
});
