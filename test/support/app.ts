import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { createClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/connection.js';
import { cliActor } from '../../src/modules/audit/actor.js';
import type { Role } from '../../src/shared/roles.js';
import { ROLES } from '../../src/shared/roles.js';
import { testDatabase } from './db.js';

export const TEST_PASSWORD = 'correct horse battery';

export interface Session {
  headers: Record<string, string>;
}

/**
 * The real app on a fresh database, with one user per role and helpers to act as each. Suites send
 * thousands of requests as one user: the API rate limit is off unless a test sets TENURE_API_RATE_LIMIT.
 */
export async function createTestApp(env: Record<string, string> = {}, options: { jobs?: boolean } = {}) {
  const database: Database = await testDatabase();
  const config = loadConfig({
    TENURE_NOW: '2026-06-15T04:00:00Z',
    TENURE_LOGIN_RATE_LIMIT: '1000',
    TENURE_API_RATE_LIMIT: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const clock = createClock(config.TENURE_NOW);
  const { app, services, routes, processor, queue } = await buildApp({
    config,
    database,
    clock,
    serveWeb: false,
    jobs: options.jobs ?? false,
    // The clock is pinned (TENURE_NOW); an hourly run at a real minute would change what a test counts.
    schedules: false,
  });
  await app.ready();

  const users = Object.fromEntries(
    await Promise.all(
      ROLES.map(async (role) => [
        role,
        await services.users.create(cliActor, {
          email: `${role}@test.local`,
          name: `Test ${role}`,
          role,
          password: TEST_PASSWORD,
        }),
      ]),
    ),
  ) as Record<Role, Awaited<ReturnType<typeof services.users.create>>>;

  const sessions = new Map<string, Session>();
  /** Signs in through the API like a browser: session cookie plus the CSRF header. */
  async function as(role: Role): Promise<Session> {
    const cached = sessions.get(role);
    if (cached) return cached;
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: `${role}@test.local`, password: TEST_PASSWORD },
    });
    if (response.statusCode !== 200) throw new Error(`login as ${role} failed: ${response.body}`);
    const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const session = { headers: { cookie, 'x-csrf-token': response.json().csrfToken as string } };
    sessions.set(role, session);
    return session;
  }

  return {
    app,
    services,
    routes,
    processor,
    queue,
    database,
    clock,
    users,
    as,
    json: (response: LightMyRequestResponse) => response.json(),
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
