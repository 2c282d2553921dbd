import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { STALE_AFTER_SECONDS } from './imports.repository.js';

/** An import whose server process died mid-file: its row says "running" and stops moving. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const runningJob = async (silentSeconds: number) =>
  (
    await t.database.db
      .insertInto('import_jobs')
      .values({
        kind: 'accounts',
        file_name: 'big.csv',
        total_bytes: 1000,
        read_bytes: 400,
        rows: 40,
        imported: 40,
        created_by_name: 'Test csm',
        updated_at: sql<Date>`now() - make_interval(secs => ${silentSeconds})`,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

const status = async (id: string) =>
  (
    await t.app.inject({
      method: 'GET',
      url: `/api/imports/${id}`,
      headers: { ...(await t.as('csm')).headers, 'accept-language': 'en' },
    })
  ).json();

describe('an import interrupted by a crash', () => {
  it('ends failed with the reason, in the row too, once it has been silent past the lease; a moving one stays running', async () => {
    const dead = await runningJob(STALE_AFTER_SECONDS + 60);
    const alive = await runningJob(5);
    expect(await status(dead)).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/^the import stopped \(its server process ended\)/),
    });
    const row = await t.database.db
      .selectFrom('import_jobs')
      .select(['state', 'error', 'finished_at'])
      .where('id', '=', dead)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'failed', error: 'imports.interrupted' });
    expect(row.finished_at).not.toBeNull();
    expect(await status(alive)).toMatchObject({ state: 'running', rows: 40 });
  });
});
