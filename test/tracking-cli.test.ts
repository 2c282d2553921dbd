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

let env: Record<string, string>;
let dataDir: string;
let cleanup = async () => {};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-keys-'));
  env = { ...process.env, TENURE_DATA_DIR: dataDir, TENURE_NOW: '2026-06-15T04:00:00Z', LOG_LEVEL: 'silent' } as Record<
    string,
    string
  >;
  delete env.DATABASE_URL;
  if (testBackend === 'postgres') {
    const database = await separateDatabase('tenure_keys');
    env.DATABASE_URL = database.url;
    cleanup = database.drop;
  }
});
afterAll(async () => {
  await cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const tenure = async (...args: string[]) => (await run('node', tenureArgs(...args), { env, timeout: 60_000 })).stdout;

describe('tenure keys and events', () => {
  it('creates a write key (printed once), lists it without the secret, and revokes it', async () => {
    const printed = await tenure('keys', 'create', '--name', 'Segment source');
    const key = printed.split('\n')[0]!;
    expect(key).toMatch(/^twk_[A-Za-z0-9_-]{32}$/);
    expect(printed).toContain('not shown again');
    const listed = JSON.parse(await tenure('keys', 'list', '--json'));
    expect(listed).toEqual([
      expect.objectContaining({ name: 'Segment source', prefix: key.slice(0, 10), revoked_at: null }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(key);
    const revoked = JSON.parse(await tenure('keys', 'revoke', listed[0].id, '--json'));
    expect(revoked.revoked_at).not.toBeNull();
    expect(await tenure('keys', 'list')).toContain('(revoked)');
    await expect(tenure('keys', 'revoke', 'not-an-id')).rejects.toMatchObject({
      stderr: expect.stringContaining('Not a write key id'),
    });
  });

  it('purges raw events past their retention and brings roll-ups up to date', async () => {
    expect(JSON.parse(await tenure('events', 'purge', '--json'))).toEqual({
      deleted: 0,
      before: '2025-05-11T04:00:00.000Z',
    });
    expect(JSON.parse(await tenure('events', 'rollup', '--json'))).toEqual({ pending: 0 });
  });
});
