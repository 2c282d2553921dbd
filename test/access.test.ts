import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteInfo } from '../src/app.js';
import { ROLES, can } from '../src/shared/roles.js';
import { createTestApp, type TestApp } from './support/app.js';

/**
 * Walks every API route with no credentials and then as every role: 401 without credentials,
 * 403 exactly when the role may not call it, and never 401/403 when it may.
 */
let t: TestApp;
const routes: RouteInfo[] = [];
const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await createTestApp();
  for (const route of t.routes.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'))) {
    routes.push({ ...route, url: route.url.replace(/:[A-Za-z]+/g, SAMPLE_ID) });
  }
  // Signing out ends the session the walk uses, so it goes last.
  routes.sort((a, b) => Number(a.url === '/api/auth/logout') - Number(b.url === '/api/auth/logout'));
});
afterAll(() => t.close());

describe('access rules on every route', () => {
  it('every API route declares who may call it', () => {
    expect(routes.length).toBeGreaterThan(20);
    const undeclared = routes.filter((r) => !r.access).map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });

  it('answers 401 without credentials on every non-public route', async () => {
    for (const route of routes.filter((r) => r.access !== 'public')) {
      const response = await t.app.inject({
        method: route.method as 'GET',
        url: route.url,
        payload: route.method === 'GET' ? undefined : {},
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it('answers 403 exactly when the role may not call the route', async () => {
    for (const role of ROLES) {
      const session = await t.as(role);
      for (const route of routes.filter((r) => r.access !== 'public')) {
        const response = await t.app.inject({
          method: route.method as 'GET',
          url: route.url,
          headers: session.headers,
          payload: route.method === 'GET' ? undefined : {},
        });
        const label = `${role} ${route.method} ${route.url} → ${response.statusCode} ${response.body.slice(0, 120)}`;
        if (can(role, route.access!)) expect([401, 403], label).not.toContain(response.statusCode);
        else expect(response.statusCode, label).toBe(403);
      }
    }
  });

  it('applies the same rules to API tokens', async () => {
    const { token } = await t.services.auth.createToken(
      { type: 'cli', id: null, name: 'cli', role: 'admin' },
      { name: 'viewer script', role: 'viewer' },
    );
    const read = await t.app.inject({
      method: 'GET',
      url: '/api/accounts',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(read.statusCode).toBe(200);
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'X' },
    });
    expect(write.statusCode).toBe(403);
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/accounts',
      headers: { authorization: 'Bearer tnr_not-a-real-token' },
    });
    expect(bad.statusCode).toBe(401);
  });
});
