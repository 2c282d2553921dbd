import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsv } from './support/csv.js';
import { separateDatabase, testBackend } from './support/db.js';
import { tenureArgs } from './support/tenure.js';
import { telcoFile } from './support/telco.js';

/** `tenure import` as a person runs it: a PGlite directory, or a fresh PostgreSQL database. */
const run = promisify(execFile);
// The CLI from source (src/cli.ts through tsx): see test/support/tenure.ts.

let env: Record<string, string>;
let dataDir: string;
let cleanup = async () => {};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-cli-import-'));
  env = {
    ...process.env,
    TENURE_DATA_DIR: dataDir,
    TENURE_NOW: '2026-06-15T04:00:00Z',
    TENURE_LOCALE: 'en',
    LOG_LEVEL: 'silent',
  } as Record<string, string>;
  delete env.DATABASE_URL;
  if (testBackend === 'postgres') {
    const database = await separateDatabase('tenure_cli_import');
    env.DATABASE_URL = database.url;
    cleanup = database.drop;
  }
});
afterAll(async () => {
  await cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const tenure = (...args: string[]) => run('node', tenureArgs(...args), { env, timeout: 120_000 });

describe('tenure import', () => {
  it('imports the Telco churn file with --map and --outcome', async () => {
    // Fails (never skips) when the shared benchmark file is missing or not the expected one.
    const report = JSON.parse(
      (
        await tenure(
          'import',
          'accounts',
          telcoFile(),
          '--map',
          'customerID=external_id',
          '--outcome',
          'Churn',
          '--json',
        )
      ).stdout,
    );
    expect(report).toMatchObject({
      kind: 'accounts',
      rows: 7043,
      imported: 7043,
      refusedRows: 0,
      createdAccountCount: 7043,
    });
    expect(report.attributeTypes).toMatchObject({
      tenure: 'numeric',
      TotalCharges: 'numeric',
      Contract: 'categorical',
    });
  });

  it('prints every refused row with line, column and reason', async () => {
    const file = writeCsv([
      { 客户编号: 'ACME', 日期: '2024-05-01', 事件: 'login', 次数: '3' },
      { 客户编号: 'NOPE', 日期: '2024-05-01', 事件: 'login', 次数: '3' },
      { 客户编号: 'ACME', 日期: '2024-05-32', 事件: 'login', 次数: 'x' },
    ]);
    await tenure('import', 'accounts', writeCsv([{ external_id: 'ACME', name: 'Acme' }]));
    const { stdout } = await tenure('import', 'usage', file);
    expect(stdout.split('\n')).toEqual([
      `1 of 3 rows imported from ${file}; 2 refused.`,
      'line 3, account_external_id: no account has the external id "NOPE"; import the accounts first',
      'line 4, date: "2024-05-32" is not a date in YYYY-MM-DD form',
      'line 4, count: "x" is not a whole number between 0 and 2147483647',
      '',
    ]);
    await expect(tenure('import', 'usage', file, '--outcome', 'Churn')).rejects.toMatchObject({
      stderr: expect.stringContaining('--outcome is for accounts imports'),
    });
  });
});
