import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, testDatabase } from '../../test/support/db.js';
import type { Database } from './connection.js';
import { migrate, migrationFiles } from './migrator.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.close());

describe('migrator', () => {
  it('has applied every migration once, in order', async () => {
    const rows = (
      await sql<{ version: string }>`select version from schema_migrations order by version`.execute(database.db)
    ).rows;
    expect(rows.map((r) => r.version)).toEqual(migrationFiles().map((f) => f.replace(/\.sql$/, '')));
  });

  it('is a no-op when up to date, even when several processes migrate at once', async () => {
    const results = await Promise.all([migrate(database), migrate(database), migrate(database)]);
    for (const result of results) expect(result.applied).toEqual([]);
  });

  it('keeps calendar dates as strings and money as numbers on this backend', async () => {
    const account = await database.db
      .insertInto('accounts')
      .values({ name: `Types on ${testBackend}`, first_paid_on: '2024-02-29' })
      .returning(['id', 'first_paid_on'])
      .executeTakeFirstOrThrow();
    expect(account.first_paid_on).toBe('2024-02-29');
    const subscription = await database.db
      .insertInto('subscriptions')
      .values({ account_id: account.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const version = await database.db
      .insertInto('subscription_versions')
      .values({
        subscription_id: subscription.id,
        account_id: account.id,
        amount_minor: 9_007_199_254_740,
        currency: 'CNY',
        interval: 'year',
        starts_on: '2024-02-29',
      })
      .returning(['amount_minor', 'starts_on'])
      .executeTakeFirstOrThrow();
    expect(version).toEqual({ amount_minor: 9_007_199_254_740, starts_on: '2024-02-29' });
  });

  it('rolls a failing statement back and leaves the database usable', async () => {
    await expect(
      database.exclusive(1, (run) => run('begin; create table half_done (x int); select 1/0; commit;')),
    ).rejects.toThrow();
    const exists = await sql<{ t: string | null }>`select to_regclass('half_done')::text as t`.execute(database.db);
    expect(exists.rows[0].t).toBeNull();
  });
});
