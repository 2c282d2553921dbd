import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const login = (email: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, headers });

describe('sign-in', () => {
  it('stores passwords as argon2id hashes, never in clear', async () => {
    const row = await t.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', 'csm@test.local')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(TEST_PASSWORD);
  });

  it('signs in with a session cookie (HttpOnly, SameSite) and signs out', async () => {
    const response = await login('CSM@test.local', TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const session = response.cookies.find((c) => c.name === 'tenure_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    // Max-Age rather than Expires, so a server on a fixed TENURE_NOW still sets cookies browsers keep.
    expect(session.maxAge).toBe(14 * 86_400);
    expect(session.expires).toBeUndefined();
    const headers = { cookie: `tenure_session=${session.value}`, 'x-csrf-token': response.json().csrfToken };
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers });
    expect(me.json()).toMatchObject({ role: 'csm', email: 'csm@test.local' });
    // The web app reads the base currency here: what an amount typed in a form means.
    expect(me.json().organisation).toEqual({ currency: 'CNY', timeZone: 'Asia/Shanghai' });
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(401);
  });

  it('refuses a wrong password with a message in the caller language', async () => {
    const en = await login('sales@test.local', 'wrong password', { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.statusCode).toBe(401);
    expect(en.json().error.message).toBe('Email or password is wrong');
    const zh = await login('sales@test.local', 'wrong password', { 'accept-language': 'zh-CN,zh;q=0.9' });
    expect(zh.json().error.message).toBe('邮箱或密码错误');
  });

  it('refuses a deactivated user and ends their sessions', async () => {
    const session = await t.as('support');
    await t.services.users.update(cliActor, t.users.support.id, { active: false });
    expect((await t.app.inject({ method: 'GET', url: '/api/accounts', headers: session.headers })).statusCode).toBe(
      401,
    );
    expect((await login('support@test.local', TEST_PASSWORD)).statusCode).toBe(401);
  });

  // Sign-in limits (per address, per email, shared by processes): login-limit.test.ts.
});

describe('CSRF protection of cookie sessions', () => {
  it('refuses a state change without the CSRF token', async () => {
    const { headers } = await t.as('csm');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      headers: { cookie: headers.cookie },
      payload: { name: 'Nope' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('csrf');
  });

  it('refuses a state change from another origin even with the token', async () => {
    const { headers } = await t.as('csm');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      headers: { ...headers, host: 'tenure.example.com', origin: 'https://evil.example.net' },
      payload: { name: 'Nope' },
    });
    expect(response.statusCode).toBe(403);
  });

  it('accepts a same-origin state change with the token', async () => {
    const { headers } = await t.as('csm');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      headers: { ...headers, host: 'tenure.example.com', origin: 'https://tenure.example.com' },
      payload: { name: 'Same origin Ltd' },
    });
    expect(response.statusCode).toBe(201);
  });
});

describe('API tokens', () => {
  it('are created by admins, shown once, usable as Bearer, and revocable', async () => {
    const { headers } = await t.as('admin');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers,
      payload: { name: 'nightly sync', role: 'csm' },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^tnr_/);
    const list = await t.app.inject({ method: 'GET', url: '/api/tokens', headers });
    expect(JSON.stringify(list.json())).not.toContain(token);

    const bearer = { authorization: `Bearer ${token}` };
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      headers: bearer,
      payload: { name: 'Scripted Co' },
    });
    expect(write.statusCode).toBe(201);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/accounts', headers: bearer })).statusCode).toBe(401);
  });
});

describe('security headers', () => {
  it('are set on every response', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});
