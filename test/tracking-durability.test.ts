import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../src/db/connection.js';
import { separateDatabase, testBackend } from './support/db.js';
import { tenureArgs } from './support/tenure.js';

/**
 * An acknowledged event is never lost: the real server (`tenure start`, from source) takes batches while
 * a client streams them, is killed with SIGKILL mid-stream, and is started again on the same
 * database. Every acknowledged message id is stored exactly once, the client's re-sends of what
 * was not acknowledged are kept once too, and the roll-ups count each stored event once.
 */
const run = promisify(execFile);
// The CLI from source (src/cli.ts through tsx): see test/support/tenure.ts.
const BATCH = 200;
const IN_FLIGHT = 3;
const KILL_AFTER = 12;

let env: Record<string, string>;
let dataDir: string;
let cleanup = async () => {};
let server: ChildProcess | undefined;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-durability-'));
  env = {
    ...process.env,
    TENURE_DATA_DIR: dataDir,
    TENURE_DEMO: '0',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
  } as Record<string, string>;
  delete env.DATABASE_URL;
  delete env.TENURE_NOW;
  if (testBackend === 'postgres') {
    const database = await separateDatabase('tenure_durability');
    env.DATABASE_URL = database.url;
    cleanup = database.drop;
  }
});

afterAll(async () => {
  server?.kill('SIGKILL');
  await cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const tenure = async (...args: string[]) => (await run('node', tenureArgs(...args), { env, timeout: 60_000 })).stdout;

/** Starts the server and resolves with its URL once /api/health answers. */
async function start(): Promise<string> {
  const child = spawn('node', tenureArgs('start'), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  server = child;
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /Tenure is running at (\S+)/.exec(output)?.[1];
      if (found) resolve(found);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before it was ready:\n${output}`)));
  });
  for (;;) {
    const ok = await call('GET', `${url}/api/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return url;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * One request on a connection of its own, the whole JSON answer read before it resolves. Not
 * fetch: undici's pooled keep-alive sockets can surface a server killed mid-answer as an uncaught
 * "other side closed" outside any awaited promise; here every failure rejects this promise.
 */
function call(
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('close', () => response.complete || reject(new Error('answer cut off')));
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || 'null') });
        } catch (error) {
          reject(error);
        }
      });
    });
    request.on('error', reject);
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

function exited(child: ChildProcess) {
  return new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );
}

const batchOf = (n: number) =>
  Array.from({ length: BATCH }, (_, i) => ({
    type: 'track',
    messageId: `dur-${n}-${i}`,
    userId: `user-${i % 25}`,
    event: i % 2 ? 'Report Viewed' : 'Dashboard Opened',
    properties: { batch: n, index: i },
    context: { groupId: 'dur-acme' },
  }));

describe('tracking durability under SIGKILL', () => {
  it('stores every acknowledged message exactly once across a kill and restart', async () => {
    const key = JSON.parse(await tenure('keys', 'create', '--name', 'durability', '--json')).key as string;
    const token = JSON.parse(
      await tenure('tokens', 'create', '--role', 'viewer', '--name', 'durability check', '--json'),
    ).token as string;
    const auth = {
      authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
      'content-type': 'application/json',
    };
    const post = (url: string, batch: unknown[]) =>
      call('POST', `${url}/v1/batch`, auth, { batch, sentAt: new Date().toISOString() });

    let url = await start();
    const acknowledged: number[] = [];
    const unacknowledged: number[] = [];
    let next = 0;
    let killed = false;
    const victim = server!;
    const worker = async () => {
      while (!killed) {
        const n = next++;
        const response = await post(url, batchOf(n)).catch(() => undefined);
        if (response?.status === 200) {
          expect(response.body).toMatchObject({ success: true, accepted: BATCH, duplicates: 0, rejected: [] });
          acknowledged.push(n);
          if (acknowledged.length === KILL_AFTER && !killed) {
            // The other workers' batches are in flight at this moment.
            killed = true;
            victim.kill('SIGKILL');
          }
        } else {
          unacknowledged.push(n);
          if (killed) return;
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    await exited(victim);
    expect(victim.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(unacknowledged.length).toBeGreaterThan(0);

    url = await start();
    // At-least-once delivery: what was not acknowledged is sent again, and so is some of what was.
    for (const n of unacknowledged) expect((await post(url, batchOf(n))).status).toBe(200);
    for (const n of acknowledged.slice(0, 3)) {
      const response = await post(url, batchOf(n));
      expect(response.body).toMatchObject({ accepted: 0, duplicates: BATCH });
    }
    const sent = acknowledged.length + unacknowledged.length;

    // The restarted server's roll-ups catch up with everything stored, the killed server's included.
    const headers = { authorization: `Bearer ${token}` };
    const account = (await call('GET', `${url}/api/accounts?externalId=dur-acme`, headers)).body.items[0];
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const range = `from=${day(-2)}&to=${day(2)}`;
    let counted = 0;
    for (let waited = 0; counted < sent * BATCH && waited < 30_000; waited += 100) {
      const daily = (await call('GET', `${url}/api/accounts/${account.id}/usage/daily?${range}`, headers)).body as {
        items: { count: number }[];
      };
      counted = daily.items.reduce((sum, r) => sum + r.count, 0);
      if (counted < sent * BATCH) await new Promise((r) => setTimeout(r, 100));
    }
    expect(counted).toBe(sent * BATCH);

    const stopping = server!;
    stopping.kill('SIGTERM');
    await exited(stopping);
    server = undefined;

    const database = await connect({ databaseUrl: env.DATABASE_URL, dataDir: env.DATABASE_URL ? undefined : dataDir });
    try {
      const rows = await sql<{ message_id: string; n: number }>`
        select message_id, count(*)::int as n from usage_events where message_id like 'dur-%' group by message_id`.execute(
        database.db,
      );
      const stored = new Map(rows.rows.map((r) => [r.message_id, r.n]));
      const missing = acknowledged
        .flatMap((n) => batchOf(n).map((m) => m.messageId))
        .filter((id) => stored.get(id) !== 1);
      expect(missing).toEqual([]);
      expect(stored.size).toBe(sent * BATCH);
      expect([...stored.values()].every((n) => n === 1)).toBe(true);
      const daily = await sql<{ total: number }>`select coalesce(sum(count), 0)::int as total from usage_daily`.execute(
        database.db,
      );
      expect(daily.rows[0]!.total).toBe(sent * BATCH);
    } finally {
      await database.close();
    }
  }, 180_000);
});
