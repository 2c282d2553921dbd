import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/support/db.js';
import { connect, type Database } from './connection.js';
import { TABLE_OWNERS } from './ownership.js';
import { describeStatement } from './table-changes.js';
import { testBackend } from '../../test/support/db.js';
import { waitFor } from '../../test/support/wait.js';

/**
 * What the read cache rests on (src/db/table-changes.ts): a write reported for every table it can change,
 * through a foreign key's cascade, a trigger or a view, and a notification from every table for the other
 * processes.
 */
let database: Database;
beforeAll(async () => {
  database = await testDatabase();
  await database.changes.start(database.db);
});
afterAll(() => database.close());

describe('table changes', () => {
  it('a write changes what its cascades, its triggers and the views over its table are read as — by kind of write', () => {
    const { changes } = database;
    const since = changes.now();
    // users.last_login_at on every sign-in: nothing cascades from an update that keeps the key.
    changes.written([{ table: 'users', kind: 'update' }]);
    expect(changes.unchangedSince(['users'], since)).toBe(false);
    expect(changes.unchangedSince(['sessions', 'accounts'], since)).toBe(true);
    changes.written([{ table: 'users', kind: 'delete' }]);
    expect(changes.unchangedSince(['sessions'], since)).toBe(false); // sessions.user_id … on delete cascade

    const beforeAccounts = changes.now();
    changes.written([{ table: 'accounts', kind: 'insert' }]);
    expect(changes.unchangedSince(['account_facts'], beforeAccounts)).toBe(false); // the trigger of migration 0023
    expect(changes.unchangedSince(['contacts'], beforeAccounts)).toBe(true);
    changes.written([{ table: 'accounts', kind: 'delete' }]);
    expect(changes.unchangedSince(['contacts'], beforeAccounts)).toBe(false); // on delete cascade

    const beforeSnapshots = changes.now();
    changes.written([{ table: 'health_snapshots', kind: 'insert' }]);
    expect(changes.unchangedSince(['health_measure_snapshots'], beforeSnapshots)).toBe(false); // the view
  });

  it('reads the tables a statement names and its writes', () => {
    const writes = (text: string) => describeStatement(text).writes;
    expect(
      describeStatement('select "a"."id" from "accounts" as "a" join account_facts f on f.account_id = a.id'),
    ).toEqual({ tables: ['accounts', 'account_facts'], writes: [] });
    expect(writes('update "ctas" set "status" = $1 where "account_id" in (select id from accounts)')).toEqual([
      { table: 'ctas', kind: 'update' },
    ]);
    expect(writes('insert into usage_daily (account_id) select a.id from accounts a')).toEqual([
      { table: 'usage_daily', kind: 'insert' },
    ]);
    expect(
      writes('insert into account_facts (account_id) values ($1) on conflict (account_id) do update set n = 1'),
    ).toEqual([{ table: 'account_facts', kind: 'any' }]);
    expect(writes('with gone as (delete from sessions returning user_id) select * from users')).toEqual([
      { table: 'sessions', kind: 'delete' },
    ]);
    expect(writes('truncate table contacts')).toEqual([{ table: 'contacts', kind: 'delete' }]);
    // A write word without a target it can read: any write to everything named.
    expect(writes('select * from ctas c join accounts a on a.id = c.account_id for update')).toEqual([
      { table: 'ctas', kind: 'any' },
      { table: 'accounts', kind: 'any' },
    ]);
  });

  it('every table notifies the other processes of its writes', async () => {
    const { rows } = await sql<{ table: string }>`
      select c.relname as table from pg_class c
      where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
        and c.relname <> 'schema_migrations'
        and not exists (select 1 from pg_trigger t
          where t.tgrelid = c.oid and t.tgname = 'tenure_notify_change')`.execute(database.db);
    expect(
      rows.map((r) => r.table),
      'tables without the tenure_notify_change trigger (see migration 0060)',
    ).toEqual([]);
    // And every table the code knows is a table or view of the schema, so the trigger check covers it.
    const { rows: relations } = await sql<{ name: string }>`
      select relname as name from pg_class where relnamespace = current_schema()::regnamespace
        and relkind in ('r', 'p', 'v')`.execute(database.db);
    const present = new Set(relations.map((r) => r.name));
    expect(Object.keys(TABLE_OWNERS).filter((t) => !present.has(t))).toEqual([]);
  });
});

describe.runIf(testBackend === 'postgres')('listening for other processes (PostgreSQL)', () => {
  it('keeps nothing while its listening connection is lost, and hears other processes again once back', async () => {
    const { changes } = database;
    expect(changes.ready()).toBe(true);
    const kept = changes.now();
    const lostPid = changes.listenerPid;
    await sql`select pg_terminate_backend(${lostPid}::int)`.execute(database.db);
    await waitFor(() => !changes.ready(), 5_000, 'the lost connection was not noticed');
    // It may have missed writes meanwhile: nothing read before holds.
    expect(changes.unchangedSince([], kept)).toBe(false);
    await waitFor(() => changes.ready(), 10_000, 'it did not listen again');
    expect(changes.listenerPid).not.toBe(lostPid);

    const since = changes.now();
    const other = await connect({ databaseUrl: database.url!, schema: database.schema, poolSize: 1 });
    try {
      await sql`update accounts set name = name`.execute(other.db);
    } finally {
      await other.close();
    }
    await waitFor(() => !changes.unchangedSince(['accounts'], since), 5_000, "the other process's write was not heard");
    expect(changes.unchangedSince(['contacts'], since)).toBe(true);
  });
});
