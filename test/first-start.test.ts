import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN } from '../src/demo/load.js';
import { TEAM } from '../src/demo/team.js';
import { separateDatabase, testBackend } from './support/db.js';
import { tenureArgs } from './support/tenure.js';

/**
 * `tenure start` on an empty database, as a person runs it the first time: it loads the demo
 * company saying what it is doing, then prints the address and the demo team's sign-ins, and every
 * sign-in it prints works.
 */
// The CLI from source (src/cli.ts through tsx): see test/support/tenure.ts.
const PHASES = [
  'team',
  'accounts, contacts, subscriptions, usage history',
  'recent events (tracking API)',
  'segments, finance, product',
  'CS operations',
  'health history',
  'CTAs',
  'renewals',
  'churn model',
  'success plans',
  'voice of the customer',
  'fit and maturity',
  'account figures',
];

let env: Record<string, string>;
let dataDir: string;
let server: ChildProcess | undefined;
let cleanup = async () => {};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-first-start-'));
  env = {
    ...process.env,
    TENURE_DATA_DIR: dataDir,
    TENURE_NOW: '2026-06-15T04:00:00Z',
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
  } as Record<string, string>;
  delete env.DATABASE_URL;
  if (testBackend === 'postgres') {
    const database = await separateDatabase('tenure_first_start');
    env.DATABASE_URL = database.url;
    // On PostgreSQL the demo loads only when asked for (config.ts).
    env.TENURE_DEMO = '1';
    cleanup = database.drop;
  }
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the server and resolves with everything it printed once it prints its address. */
function start(): Promise<{ stdout: string; url: string }> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    server = spawn('node', tenureArgs('start'), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // The sign-ins and the API docs line follow the address: wait for the docs line.
      const url = /Tenure is running at (\S+)/.exec(stdout)?.[1];
      if (url && /API docs: /.test(stdout)) resolve({ stdout, url });
    });
    server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    server.once('exit', (code) =>
      reject(new Error(`tenure start exited (${code}) before serving:\n${stdout}\n${stderr}`)),
    );
  });
}

describe('the README', () => {
  it('names the real demo team, and no demo address that does not exist', () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '..', 'README.md'), 'utf8');
    const named = new Set(readme.match(/[\w.+-]+@tenure\.demo/g));
    expect([...named].sort()).toEqual(TEAM.map((u) => u.email).sort());
  });
});

describe('the first start', () => {
  it('prints a line per demo loader phase, then sign-ins of real demo users that work', async () => {
    const { stdout, url } = await start();
    const lines = stdout.split('\n');

    // Progress while loading, before the address: each phase with the seconds since the load began.
    const running = lines.findIndex((l) => l.includes('Tenure is running at'));
    const progress = lines.slice(0, running).flatMap((l) => {
      const m = /^\s+(\d+\.\d) s {2}(.+)$/.exec(l);
      return m ? [{ seconds: Number(m[1]), phase: m[2] }] : [];
    });
    expect(lines.slice(0, running)).toContain('Loading the demo company (first start only)…');
    expect(progress.map((p) => p.phase).sort()).toEqual([...PHASES].sort());
    expect(progress[0]!.phase).toBe('team');
    const seconds = progress.map((p) => p.seconds);
    expect(seconds).toEqual([...seconds].sort((a, b) => a - b));

    // The sign-ins after the address: the whole demo team, and each one signs in.
    const header = lines.indexOf(`Demo sign-ins (password for every one: ${DEMO_ADMIN.password}):`);
    expect(header).toBeGreaterThan(running);
    const printed = lines
      .slice(header + 1)
      .map((l) => /^ {2}(\S+)\s+(\S+@\S+)\s+(.+)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ role: m[1], email: m[2], name: m[3] }));
    expect(printed).toEqual(TEAM.map((u) => ({ role: u.role, email: u.email, name: u.name })));
    for (const { email, role } of printed) {
      const response = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: DEMO_ADMIN.password }),
      });
      expect(response.status, email).toBe(200);
      expect(await response.json(), email).toMatchObject({ email, role });
    }
  }, 600_000);
});
