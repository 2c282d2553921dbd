import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { loadConfig } from '../config.js';
import { cliActor } from '../modules/audit/actor.js';

describe('API rate limit per token and per user', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TENURE_API_RATE_LIMIT: '5' });
  });
  afterAll(() => t.close());

  const get = async (headers: Record<string, string>, language = 'en') =>
    t.app.inject({ method: 'GET', url: '/api/accounts', headers: { ...headers, 'accept-language': language } });

  it('defaults to 600 a minute; 0 turns it off', () => {
    expect(loadConfig({}).TENURE_API_RATE_LIMIT).toBe(600);
    expect(loadConfig({ TENURE_API_RATE_LIMIT: '0' }).TENURE_API_RATE_LIMIT).toBe(0);
  });

  it('answers 429 with Retry-After and a localised message past the limit, counting each signed-in user on their own', async () => {
    const viewer = (await t.as('viewer')).headers;
    for (let i = 0; i < 5; i++) {
      const ok = await get(viewer);
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['x-ratelimit-remaining']).toBe(String(4 - i));
    }
    const refused = await get(viewer);
    expect(refused.statusCode).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.json().error).toMatchObject({
      code: 'rate_limited',
      message: `Too many requests: 5 API requests a minute are allowed per token and per user; try again in ${retryAfter} s`,
    });
    expect((await get(viewer, 'zh-CN')).json().error.message).toContain('每个令牌和每个用户每分钟最多 5 次 API 请求');
    // Same address (every injected request comes from 127.0.0.1), another user: their own budget.
    expect((await get((await t.as('csm')).headers)).statusCode).toBe(200);
    // Public routes are not counted against anyone.
    for (let i = 0; i < 7; i++)
      expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });

  it('counts each API token on its own', async () => {
    const one = (await t.services.auth.createToken(cliActor, { name: 'script one', role: 'viewer' })).token;
    const two = (await t.services.auth.createToken(cliActor, { name: 'script two', role: 'viewer' })).token;
    for (let i = 0; i < 5; i++) expect((await get({ authorization: `Bearer ${one}` })).statusCode).toBe(200);
    expect((await get({ authorization: `Bearer ${one}` })).statusCode).toBe(429);
    expect((await get({ authorization: `Bearer ${two}` })).statusCode).toBe(200);
  });
});

describe('Secure cookies and HSTS', () => {
  const signIn = async (t: TestApp) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'admin@test.local', password: 'correct horse battery' },
    });

  it('follows an https:// TENURE_PUBLIC_URL without TENURE_COOKIE_SECURE', async () => {
    const t = await createTestApp({ TENURE_PUBLIC_URL: 'https://cs.example.com' });
    try {
      const response = await signIn(t);
      expect(response.statusCode).toBe(200);
      expect(response.cookies.length).toBeGreaterThan(0);
      for (const cookie of response.cookies) expect(cookie.secure, cookie.name).toBe(true);
      expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    } finally {
      await t.close();
    }
  });

  it('stays off for an http:// public URL (a laptop or LAN install)', async () => {
    const t = await createTestApp({ TENURE_PUBLIC_URL: 'http://tenure.lan:3000' });
    try {
      const response = await signIn(t);
      for (const cookie of response.cookies) expect(cookie.secure, cookie.name).toBeFalsy();
      expect(response.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
