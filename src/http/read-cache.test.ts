import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../test/support/app.js';
import { testBackend } from '../../test/support/db.js';
import { waitFor } from '../../test/support/wait.js';
import { connect } from '../db/connection.js';
import { cliActor } from '../modules/audit/actor.js';

/**
 * The read cache as a CSM meets it: the second look at a list is served without reading the database, and
 * nothing kept is ever shown after a change — a CTA closed, an account renamed by a job, a row written by
 * another process.
 */
let t: TestApp;
let accountId: string;
beforeAll(async () => {
  t = await createTestApp();
  accountId = (await t.services.accounts.create(cliActor, { name: 'Acme', ownerId: t.users.csm.id })).id;
});
afterAll(() => t.close());

const get = async (role: 'csm' | 'cs_manager', url: string, lang = 'en') =>
  t.app.inject({ method: 'GET', url, headers: { ...(await t.as(role)).headers, 'accept-language': lang } });
const titles = (body: { items: { title: string }[] }) => body.items.map((c) => c.title);

describe('read cache', () => {
  it('serves a repeated read from the cache, and a CTA closed through the API is gone from the very next list', async () => {
    const opened = await t.services.ctas.open(cliActor, {
      accountId,
      type: 'risk',
      title: 'Sponsor leaving',
      priority: 'high',
      dueOn: '2026-06-20',
    });
    const first = await get('csm', '/api/ctas?status=active');
    expect(first.headers['x-tenure-cache']).toBe('miss');
    expect(titles(first.json())).toEqual(['Sponsor leaving']);
    const second = await get('csm', '/api/ctas?status=active');
    expect(second.headers['x-tenure-cache']).toBe('hit');
    expect(second.body).toBe(first.body);

    const closed = await t.app.inject({
      method: 'POST',
      url: `/api/ctas/${opened.id}/close`,
      payload: { outcome: 'success', reason: 'Sponsor stays' },
      headers: (await t.as('csm')).headers,
    });
    expect(closed.statusCode).toBe(200);
    const after = await get('csm', '/api/ctas?status=active');
    expect(after.headers['x-tenure-cache']).toBe('miss');
    expect(titles(after.json())).toEqual([]);
  });

  it('drops what a write outside any request changed (a job, the CLI in this process)', async () => {
    expect((await get('csm', `/api/accounts/${accountId}`)).json().name).toBe('Acme');
    expect((await get('csm', `/api/accounts/${accountId}`)).headers['x-tenure-cache']).toBe('hit');
    await t.services.accounts.update(cliActor, accountId, { name: 'Acme Group' });
    const renamed = await get('csm', `/api/accounts/${accountId}`);
    expect(renamed.headers['x-tenure-cache']).toBe('miss');
    expect(renamed.json().name).toBe('Acme Group');
  });

  it('reads an answer asked for twice at once only once: the second request waits for the first', async () => {
    const url = '/api/accounts?sort=name&pageSize=7';
    await t.as('cs_manager'); // signed in before: a sign-in writes the users the list names
    const both = await Promise.all([get('cs_manager', url), get('cs_manager', url)]);
    expect(both.map((r) => r.headers['x-tenure-cache']).sort()).toEqual(['hit', 'miss']);
    expect(both[0]!.body).toBe(both[1]!.body);
  });

  it('keeps answers apart by person and language', async () => {
    const mine = await get('csm', '/api/home/csm');
    expect(mine.statusCode).toBe(200);
    const managers = await get('cs_manager', '/api/home/csm');
    expect(managers.headers['x-tenure-cache']).toBe('miss');
    expect(managers.json().owner.id).toBe(t.users.cs_manager.id);
    expect(mine.json().owner.id).toBe(t.users.csm.id);

    const english = await get('csm', '/api/ctas?status=bogus', 'en');
    const chinese = await get('csm', '/api/ctas?status=bogus', 'zh-CN');
    expect(english.statusCode).toBe(400);
    expect(chinese.json().error.message).not.toBe(english.json().error.message);
    await get('csm', '/api/accounts?page=1', 'en');
    expect((await get('csm', '/api/accounts?page=1', 'zh-CN')).headers['x-tenure-cache']).toBe('miss');
  });
});

describe('sessions kept in memory', () => {
  it('reads a session once, and again after any change to sessions or users: a sign-out is refused at once', async () => {
    const lookups = vi.spyOn(t.services.auth, 'sessionActor');
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'viewer@test.local', password: TEST_PASSWORD },
    });
    const headers = {
      cookie: signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      'x-csrf-token': signIn.json().csrfToken as string,
    };
    try {
      expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(200);
      expect(lookups).toHaveBeenCalledTimes(1);
      await t.services.users.update(cliActor, t.users.viewer.id, { name: 'Renamed Viewer' });
      expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers })).json().name).toBe('Renamed Viewer');
      expect(lookups).toHaveBeenCalledTimes(2);
      expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(401);
    } finally {
      lookups.mockRestore();
    }
  });
});

describe.runIf(testBackend === 'postgres')('read cache across processes (PostgreSQL)', () => {
  it("drops an answer once another process's write to a table it read has committed", async () => {
    const before = await get('csm', `/api/accounts/${accountId}/contacts`);
    expect(before.json().items).toEqual([]);
    expect((await get('csm', `/api/accounts/${accountId}/contacts`)).headers['x-tenure-cache']).toBe('hit');

    // Another process: its own connection to the same schema, writing with plain SQL.
    const other = await connect({ databaseUrl: t.database.url!, schema: t.database.schema, poolSize: 1 });
    try {
      await sql`insert into contacts (account_id, name, email) values (${accountId}, 'Li Wei', 'li@acme.test')`.execute(
        other.db,
      );
    } finally {
      await other.close();
    }
    let names: string[] = [];
    await waitFor(
      async () => {
        const items = (await get('csm', `/api/accounts/${accountId}/contacts`)).json().items as { name: string }[];
        names = items.map((c) => c.name);
        return names.length > 0;
      },
      5_000,
      "the other process's contact never showed",
    );
    expect(names).toEqual(['Li Wei']);
  });

  it('refuses a session another process ended, once it has heard of it', async () => {
    const session = await t.as('sales');
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: session.headers })).statusCode).toBe(200);
    const other = await connect({ databaseUrl: t.database.url!, schema: t.database.schema, poolSize: 1 });
    try {
      await sql`delete from sessions where user_id = ${t.users.sales.id}`.execute(other.db);
    } finally {
      await other.close();
    }
    await waitFor(
      async () =>
        (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: session.headers })).statusCode === 401,
      5_000,
      'the session ended by another process was still accepted',
    );
  });
});
