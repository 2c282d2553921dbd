import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../test/support/app.js';
import { buildApp } from '../../app.js';
import { fastifyTrustProxy, loadConfig } from '../../config.js';

/**
 * Sign-in limits: per address (the socket's, unless a trusted proxy says otherwise) and per email,
 * counted in the database so every API process shares them.
 */
const LIMIT = 3;

interface Attempt {
  email: string;
  password?: string;
  from?: string;
  forwardedFor?: string;
  language?: string;
}

const attempt = (
  app: TestApp['app'],
  { email, password = 'guess', from = '192.0.2.1', forwardedFor, language = 'en' }: Attempt,
) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: from,
    headers: { 'accept-language': language, ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    payload: { email, password },
  });

describe('sign-in limits (proxy headers not trusted: the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TENURE_LOGIN_RATE_LIMIT: String(LIMIT) });
  });
  afterAll(() => t.close());

  it('counts attempts per address: rotating X-Forwarded-For does not get round it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push(
        (await attempt(t.app, { email: `nobody${i}@rotate.test`, from: '192.0.2.1', forwardedFor: `198.51.100.${i}` }))
          .statusCode,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // Another address is not held back by this one.
    expect(
      (await attempt(t.app, { email: 'viewer@test.local', password: TEST_PASSWORD, from: '192.0.2.2' })).statusCode,
    ).toBe(200);
  });

  it('limits failures: people signing in from one address use none of its allowance', async () => {
    for (const role of ['admin', 'cs_manager', 'onboarding', 'viewer', 'admin']) {
      expect(
        (await attempt(t.app, { email: `${role}@test.local`, password: TEST_PASSWORD, from: '192.0.2.5' })).statusCode,
        role,
      ).toBe(200);
    }
    const guesses: number[] = [];
    for (let i = 0; i < 4; i += 1)
      guesses.push((await attempt(t.app, { email: `guess${i}@office.test`, from: '192.0.2.5' })).statusCode);
    expect(guesses).toEqual([401, 401, 401, 429]);
  });

  it('counts attempts per email across addresses, and then refuses even the right password', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i += 1)
      statuses.push((await attempt(t.app, { email: 'CSM@test.local', from: `192.0.2.${10 + i}` })).statusCode);
    expect(statuses).toEqual([401, 401, 401]);
    const locked = await attempt(t.app, { email: 'csm@test.local', password: TEST_PASSWORD, from: '192.0.2.20' });
    expect(locked.statusCode).toBe(429);
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(locked.json().error).toMatchObject({
      code: 'rate_limited',
      message: `Too many attempts; try again in ${retryAfter} s`,
    });
    const zh = await attempt(t.app, { email: 'csm@test.local', from: '192.0.2.21', language: 'zh-CN' });
    expect(zh.statusCode).toBe(429);
    expect(zh.json().error.message).toMatch(/^尝试次数过多，请在 \d+ 秒后重试$/);
  });

  it('lets the email in again once its minute has passed', async () => {
    for (let i = 0; i <= LIMIT; i += 1) await attempt(t.app, { email: 'sales@test.local', from: `192.0.2.${30 + i}` });
    expect(
      (await attempt(t.app, { email: 'sales@test.local', password: TEST_PASSWORD, from: '192.0.2.40' })).statusCode,
    ).toBe(429);
    // The counters live in the database: age them by a minute instead of waiting one.
    await sql`update login_attempts set window_start = window_start - interval '61 seconds'`.execute(t.database.db);
    expect(
      (await attempt(t.app, { email: 'sales@test.local', password: TEST_PASSWORD, from: '192.0.2.41' })).statusCode,
    ).toBe(200);
  });

  it('shares the counters between two app processes on one database', async () => {
    const config = loadConfig({
      TENURE_NOW: '2026-06-15T04:00:00Z',
      LOG_LEVEL: 'silent',
      TENURE_LOGIN_RATE_LIMIT: String(LIMIT),
    });
    const second = await buildApp({
      config,
      database: t.database,
      clock: t.clock,
      serveWeb: false,
      processUsage: false,
      jobs: false,
    });
    try {
      const apps = [t.app, second.app, t.app, second.app];
      const statuses: number[] = [];
      for (const [i, app] of apps.entries())
        statuses.push((await attempt(app, { email: 'support@test.local', from: `192.0.2.${50 + i}` })).statusCode);
      expect(statuses).toEqual([401, 401, 401, 429]);
      expect(
        (await attempt(t.app, { email: 'support@test.local', password: TEST_PASSWORD, from: '192.0.2.60' })).statusCode,
      ).toBe(429);
    } finally {
      await second.app.close();
    }
  });
});

describe('sign-in limits behind a trusted proxy (TENURE_TRUST_PROXY)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TENURE_LOGIN_RATE_LIMIT: String(LIMIT), TENURE_TRUST_PROXY: '10.0.0.0/8' });
  });
  afterAll(() => t.close());

  it('takes the client address from the trusted proxy only', async () => {
    const proxied: number[] = [];
    for (let i = 0; i < 5; i += 1)
      proxied.push(
        (await attempt(t.app, { email: `p${i}@proxy.test`, from: '10.1.2.3', forwardedFor: `198.51.100.${i}` }))
          .statusCode,
      );
    expect(proxied).toEqual([401, 401, 401, 401, 401]);
    const direct: number[] = [];
    for (let i = 0; i < 5; i += 1)
      direct.push(
        (await attempt(t.app, { email: `d${i}@proxy.test`, from: '192.0.2.99', forwardedFor: `198.51.100.${i}` }))
          .statusCode,
      );
    expect(direct).toEqual([401, 401, 401, 429, 429]);
  });
});

describe('TENURE_TRUST_PROXY', () => {
  const read = (value?: string) =>
    loadConfig(value === undefined ? {} : { TENURE_TRUST_PROXY: value }).TENURE_TRUST_PROXY;

  it('is off by default and takes what Fastify trustProxy takes: true, a hop count, addresses and CIDRs', () => {
    expect(read()).toBe(false);
    expect(read('false')).toBe(false);
    expect(read('true')).toBe(true);
    expect(read('2')).toBe(2);
    expect(read('10.0.0.0/8, 127.0.0.1,::1 , fd00::/8')).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8']);
    expect(read('loopback,uniquelocal')).toEqual(['loopback', 'uniquelocal']);
  });

  it('makes a hop count trust that many nearest hops (Fastify 5 alone would trust none)', () => {
    const trust = fastifyTrustProxy(read('1')) as (address: string, hop: number) => boolean;
    expect([trust('10.0.0.1', 0), trust('198.51.100.1', 1)]).toEqual([true, false]);
    expect(fastifyTrustProxy(read())).toBe(false);
  });

  it('stops the start on anything else, naming the variable', () => {
    for (const bad of ['yes please', '10.0.0.0/33', '300.1.1.1', '-1', '10.0.0.0,,'])
      expect(() => read(bad), bad).toThrow(/TENURE_TRUST_PROXY/);
  });
});
