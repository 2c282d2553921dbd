import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { separateDatabase, testBackend } from './support/db.js';
import { tenureArgs } from './support/tenure.js';

const run = promisify(execFile);
// The CLI from source (src/cli.ts through tsx): see test/support/tenure.ts.

/** Each backend gets a database of its own: a PGlite directory, or a fresh PostgreSQL database. */
let env: Record<string, string>;
let dataDir: string;
let cleanup = async () => {};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-cli-'));
  env = { ...process.env, TENURE_DATA_DIR: dataDir, TENURE_NOW: '2026-06-15T04:00:00Z', LOG_LEVEL: 'silent' } as Record<
    string,
    string
  >;
  delete env.DATABASE_URL;
  if (testBackend === 'postgres') {
    const database = await separateDatabase('tenure_cli');
    env.DATABASE_URL = database.url;
    cleanup = database.drop;
  }
});
afterAll(async () => {
  await cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const tenure = (...args: string[]) => run('node', tenureArgs(...args), { env, timeout: 60_000 });

describe('tenure CLI', () => {
  it('migrates, then reports it is up to date', async () => {
    const first = JSON.parse((await tenure('migrate', '--json')).stdout);
    expect(first.applied).toContain('0001_init');
    const second = JSON.parse((await tenure('migrate', '--json')).stdout);
    expect(second).toEqual({ applied: [], current: first.current });
  });

  it('refuses a password the API would refuse, and creates no user', async () => {
    const refused = await run(
      'node',
      tenureArgs(
        'users',
        'create',
        '--email',
        'weak@acme.test',
        '--name',
        'Weak',
        '--role',
        'viewer',
        '--password',
        'short',
      ),
      {
        env: { ...env, TENURE_LOCALE: 'en' },
        timeout: 60_000,
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toContain('password — must be 8 to 200 characters long');
    const listed = JSON.parse((await tenure('users', 'list', '--json')).stdout);
    expect(listed.map((u: { email: string }) => u.email)).not.toContain('weak@acme.test');
  });

  it('creates users and API tokens that work', async () => {
    const user = JSON.parse(
      (
        await tenure(
          'users',
          'create',
          '--email',
          'ops@acme.test',
          '--name',
          'Ops',
          '--role',
          'cs_manager',
          '--password',
          'a-long-password',
          '--json',
        )
      ).stdout,
    );
    expect(user).toMatchObject({ email: 'ops@acme.test', role: 'cs_manager' });
    expect(user.password_hash).toBeUndefined();

    const listed = JSON.parse((await tenure('users', 'list', '--json')).stdout);
    expect(listed.map((u: { email: string }) => u.email)).toContain('ops@acme.test');

    const token = (await tenure('tokens', 'create', '--role', 'viewer', '--name', 'bi export')).stdout;
    expect(token.split('\n')[0]).toMatch(/^tnr_[A-Za-z0-9_-]{40,}$/);
    const tokens = JSON.parse((await tenure('tokens', 'list', '--json')).stdout);
    expect(tokens[0]).toMatchObject({ name: 'bi export', role: 'viewer' });
    expect(JSON.stringify(tokens)).not.toContain(token.split('\n')[0]);
  });

  it('refuses an unknown role and a bad environment with a clear message', async () => {
    await expect(tenure('users', 'create', '--email', 'x@y.z', '--name', 'X', '--role', 'boss')).rejects.toMatchObject({
      stderr: expect.stringContaining('boss'),
    });
    const bad = run('node', tenureArgs('users', 'list'), { env: { ...env, TENURE_TIMEZONE: 'Nowhere/Land' } });
    await expect(bad).rejects.toMatchObject({ stderr: expect.stringContaining('TENURE_TIMEZONE') });
  });

  it.runIf(testBackend === 'pglite')('says plainly when a running server holds the PGlite directory', async () => {
    // The test runner's own pid stands in for a live server process.
    fs.writeFileSync(path.join(dataDir, 'tenure-server.pid'), String(process.pid));
    try {
      await expect(tenure('users', 'list')).rejects.toMatchObject({
        stderr: expect.stringContaining(`The Tenure server (pid ${process.pid}) is using the embedded database`),
      });
    } finally {
      fs.rmSync(path.join(dataDir, 'tenure-server.pid'));
    }
  });

  it('lists renewals and prints the forecast, refusing a window past 180 days', async () => {
    const list = JSON.parse((await tenure('renewals', 'list', '--days', '180', '--json')).stdout);
    expect(list).toMatchObject({
      total: expect.any(Number),
      currency: 'CNY',
      sources: { health: false, prediction: false },
    });
    const forecast = JSON.parse((await tenure('renewals', 'forecast', '--json')).stdout);
    expect(forecast.windows.map((w: { days: number }) => w.days)).toEqual([90, 180]);
    expect(forecast.asOf).toBe('2026-06-15');
    await expect(tenure('renewals', 'list', '--days', '400')).rejects.toMatchObject({
      stderr: expect.stringContaining('--days must be a whole number from 1 to 180'),
    });
  });
});
