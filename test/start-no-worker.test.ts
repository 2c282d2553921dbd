import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { withoutWorker } from '../src/server.js';
import { tenureArgs } from './support/tenure.js';

/**
 * `tenure start --no-worker` serves the API and leaves the jobs to `tenure worker` processes
 * (test/scale-out.test.ts runs two of each on PostgreSQL). On PGlite it is refused: no other
 * process can open the embedded database, so nobody would run the jobs.
 */
const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-no-worker-'));

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('tenure start --no-worker', () => {
  it('turns the in-process worker off on PostgreSQL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://tenure@127.0.0.1:5432/tenure' });
    expect(config.TENURE_WORKER).toBe('on');
    expect(withoutWorker(config).TENURE_WORKER).toBe('off');
    expect(() => withoutWorker(loadConfig({}))).toThrow(ConfigError);
  });

  it('is refused on PGlite, with the reason, before anything starts', async () => {
    const env = {
      ...process.env,
      TENURE_DATA_DIR: dataDir,
      TENURE_DEMO: '0',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
    } as Record<string, string>;
    delete env.DATABASE_URL;
    const failure = await run('node', tenureArgs('start', '--no-worker'), { env, timeout: 60_000 }).then(
      () => undefined,
      (error: { code?: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('--no-worker needs PostgreSQL (DATABASE_URL)');
    expect(failure?.stdout).not.toContain('Tenure is running');
    // Nothing was created: the refusal comes before the database is opened.
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });
});
