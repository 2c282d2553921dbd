import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';

/**
 * Text PostgreSQL cannot store (NUL, lone UTF-16 surrogates) is refused by every /api route with
 * 400 naming the field, before any handler runs — not a 500 from the database.
 */
let t: TestApp;
let admin: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.as('admin')).headers;
});
afterAll(() => t.close());

const send = (method: 'POST' | 'PATCH' | 'GET', url: string, body?: unknown, language = 'en') =>
  t.app.inject({
    method,
    url,
    headers: {
      ...admin,
      'accept-language': language,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });

describe('text that cannot be stored, at /api', () => {
  it('refuses a NUL in a body field with 400 naming the field, in the caller language', async () => {
    const en = await send('POST', '/api/accounts', { name: 'Acme\u0000 Ltd' });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.issues).toEqual([{ path: 'body.name', message: expect.stringContaining('NUL') }]);
    const zh = await send('POST', '/api/accounts', { name: 'Acme\u0000 Ltd' }, 'zh-CN');
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.issues[0]).toEqual({ path: 'body.name', message: expect.stringContaining('空字符') });
    expect(await t.database.db.selectFrom('accounts').select('id').where('name', 'like', 'Acme%').execute()).toEqual(
      [],
    );
  });

  it('refuses lone surrogates in nested values and keys', async () => {
    const value = await send('POST', '/api/accounts', { name: 'Nested Co', attributes: { plan: 'Gold\uD800' } });
    expect(value.statusCode).toBe(400);
    expect(value.json().error.issues[0].path).toBe('body.attributes.plan');
    const key = await send('POST', '/api/accounts', { name: 'Nested Co', attributes: { ['pl\uDC00an']: 'Gold' } });
    expect(key.statusCode).toBe(400);
    expect(key.json().error.issues[0].path).toBe('body.attributes.pl\uFFFDan');
    // A surrogate pair is a character like any other.
    expect((await send('POST', '/api/accounts', { name: 'Smile 😀 Co' })).statusCode).toBe(201);
  });

  it('refuses them in query strings, including JSON carried in one', async () => {
    const search = await send('GET', '/api/accounts?q=a%00b');
    expect(search.statusCode).toBe(400);
    expect(search.json().error.issues[0].path).toBe('querystring.q');
    const filters = encodeURIComponent(JSON.stringify([{ field: 'industry', op: 'eq', value: 'Re\u0000tail' }]));
    const filtered = await send('GET', `/api/accounts?filters=${filters}`);
    expect(filtered.statusCode).toBe(400);
    expect(filtered.json().error.issues[0].path).toBe('querystring.filters.0.value');
  });

  it('guards sign-in and the caller’s own profile as well', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'admin@test.local\u0000', password: 'x' },
      headers: { 'accept-language': 'en' },
    });
    expect(login.statusCode).toBe(400);
    expect(login.json().error.issues[0].path).toBe('body.email');
    const me = await send('PATCH', '/api/auth/me', { name: 'Me\uD83D' });
    expect(me.statusCode).toBe(400);
    expect(me.json().error.issues[0].path).toBe('body.name');
  });
});
