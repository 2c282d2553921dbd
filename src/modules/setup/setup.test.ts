import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/support/app.js';
import { separateDatabase, testBackend, testDatabase } from '../../../test/support/db.js';
import { tenureArgs } from '../../../test/support/tenure.js';
import { buildApp } from '../../app.js';
import { createClock } from '../../clock.js';
import { loadConfig } from '../../config.js';
import { createSetupService } from './setup.service.js';

/**
 * A real install starts without the demo and without anyone to sign in: the first start prints a
 * one-time setup link (and the CLI command); the link creates the first admin and signs them in.
 */
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function emptyApp() {
  const database = await testDatabase();
  const config = loadConfig({ TENURE_NOW: '2026-06-15T04:00:00Z', LOG_LEVEL: 'silent', TENURE_LOCALE: 'en' });
  const clock = createClock(config.TENURE_NOW);
  const { app, services } = await buildApp({ config, database, clock, serveWeb: false, jobs: false });
  await app.ready();
  closers.push(async () => {
    await app.close();
    await database.close();
  });
  return { app, services, clock };
}

const post = (app: Awaited<ReturnType<typeof emptyApp>>['app'], payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: '/api/setup', headers: { 'accept-language': 'en' }, payload });
const first = { name: 'First Admin', email: 'first@example.com', password: 'a long enough password' };

describe('first-start setup', () => {
  it('the link creates the first admin, signs them in, and works once', async () => {
    const { app, services } = await emptyApp();
    const setup = createSetupService(services);
    const issued = await setup.issueIfNeeded();
    expect(issued?.token).toMatch(/^[\w-]{40,}$/);
    // Only the digest is stored.
    expect(JSON.stringify(await services.settings.get('setup_token'))).not.toContain(issued!.token);

    expect((await app.inject({ method: 'GET', url: `/api/setup?token=${issued!.token}` })).json()).toEqual({
      state: 'ok',
    });
    expect((await app.inject({ method: 'GET', url: '/api/setup?token=wrong' })).json()).toEqual({ state: 'invalid' });
    const wrong = await post(app, { ...first, token: 'wrong' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_setup_token');
    const weak = await post(app, { ...first, password: 'short', token: issued!.token });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.message).toMatch(/password/);

    const created = await post(app, { ...first, token: issued!.token });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ email: 'first@example.com', role: 'admin' });
    const cookie = created.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ type: 'user', role: 'admin', email: 'first@example.com' });

    // Single use, and refused for good once an admin exists.
    const again = await post(app, { ...first, email: 'second@example.com', token: issued!.token });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('setup_done');
    expect((await app.inject({ method: 'GET', url: `/api/setup?token=${issued!.token}` })).json()).toEqual({
      state: 'done',
    });
    expect(await setup.issueIfNeeded()).toBeNull();
    expect((await services.users.list()).map((u) => u.email)).toEqual(['first@example.com']);
  });

  it('expires after 24 hours; a new start issues a new link and the old one stops working', async () => {
    const { app, services, clock } = await emptyApp();
    const old = await createSetupService(services).issueIfNeeded();
    const fresh = await createSetupService(services).issueIfNeeded();
    expect((await post(app, { ...first, token: old!.token })).statusCode).toBe(401);
    const later = { ...clock, now: () => new Date(clock.now().getTime() + 24 * 3_600_000 + 1000) };
    await expect(
      createSetupService({ ...services, clock: later }).complete({ ...first, token: fresh!.token }),
    ).rejects.toMatchObject({ status: 401 });
    expect((await post(app, { ...first, token: fresh!.token })).statusCode).toBe(201);
  });

  it('is refused when an admin exists, with or without a token', async () => {
    const t = await createTestApp();
    closers.push(() => t.close());
    expect(await createSetupService(t.services).issueIfNeeded()).toBeNull();
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { ...first, token: 'x'.repeat(43) },
    });
    expect(refused.statusCode).toBe(409);
    expect((await t.services.users.list()).some((u) => u.email === first.email)).toBe(false);
  });
});

describe('the first start on an empty database without the demo', () => {
  let server: ChildProcess | undefined;
  let dataDir: string | undefined;
  let cleanup = async () => {};
  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await cleanup();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints a setup link and the CLI command; the printed link creates the first admin', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-setup-'));
    const env = {
      ...process.env,
      TENURE_DATA_DIR: dataDir,
      TENURE_NOW: '2026-06-15T04:00:00Z',
      LOG_LEVEL: 'silent',
      PORT: '0',
      HOST: '127.0.0.1',
    } as Record<string, string>;
    delete env.DATABASE_URL;
    delete env.TENURE_DEMO;
    if (testBackend === 'postgres') {
      // On PostgreSQL no TENURE_DEMO means no demo (config.ts).
      const database = await separateDatabase('tenure_setup');
      env.DATABASE_URL = database.url;
      cleanup = database.drop;
    } else {
      env.TENURE_DEMO = '0';
    }
    const stdout = await new Promise<string>((resolve, reject) => {
      let out = '';
      server = spawn('node', tenureArgs('start'), { env, stdio: ['ignore', 'pipe', 'pipe'] });
      server.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/API docs: /.test(out)) resolve(out);
      });
      server.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    expect(stdout).not.toMatch(/tenure\.demo|Loading the demo/);
    expect(stdout).toMatch(/npx tenure users create --email \S+ --name .* --role admin/);
    const link = /(http:\/\/\S+\/setup\?token=\S+)/.exec(stdout)?.[1];
    expect(link, stdout).toBeDefined();
    const url = new URL(link!);
    const origin = url.origin;
    const response = await fetch(`${origin}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ ...first, token: url.searchParams.get('token') }),
    });
    expect(response.status).toBe(201);
    const login = await fetch(`${origin}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ email: 'admin@tenure.demo', password: 'tenure-demo' }),
    });
    expect(login.status).toBe(401);
  }, 120_000);
});
