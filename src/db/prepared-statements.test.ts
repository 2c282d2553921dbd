import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from './connection.js';
import { pageLimit, pageOffset } from './page-window.js';

// PostgreSQL only (vitest.config.ts): PGlite runs in this process and has no statements to prepare.
const url = process.env.TEST_DATABASE_URL;
if (!url) throw new Error('this test needs TEST_DATABASE_URL (a PostgreSQL server)');

describe('named statements on PostgreSQL', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let admin: Database;
  // One connection, so every statement below runs on the same server backend.
  let database: Database;

  beforeAll(async () => {
    admin = await connect({ databaseUrl: url, poolSize: 1 });
    await sql.raw(`create schema ${schema}`).execute(admin.db);
    await sql.raw(`create table ${schema}.items (id int primary key, name text)`).execute(admin.db);
    await sql
      .raw(`insert into ${schema}.items select i, 'item ' || i from generate_series(1, 100) i`)
      .execute(admin.db);
    await sql.raw(`create table ${schema}.runs (id serial primary key, vendor text, status text)`).execute(admin.db);
    await sql.raw(`create unique index on ${schema}.runs (vendor) where status = 'running'`).execute(admin.db);
    database = await connect({ databaseUrl: url, schema, poolSize: 1 });
  });
  afterAll(async () => {
    await database?.close();
    await sql.raw(`drop schema if exists ${schema} cascade`).execute(admin.db);
    await admin?.close();
  });

  const preparedOnTheConnection = async () =>
    (
      await sql<{ statement: string; runs: number }>`select statement, (generic_plans + custom_plans)::int as runs
        from pg_prepared_statements`.execute(database.db)
    ).rows;

  it('parses a statement once per connection and runs it again by name, with each call’s values', async () => {
    const names: string[] = [];
    for (const id of [3, 7, 42]) {
      const row = await database.db
        .selectFrom('items' as never)
        .select('name' as never)
        .where('id' as never, '=', id as never)
        .executeTakeFirstOrThrow();
      names.push((row as { name: string }).name);
    }
    expect(names).toEqual(['item 3', 'item 7', 'item 42']);
    const prepared = (await preparedOnTheConnection()).filter((p) => p.statement.includes('"items"'));
    expect(prepared).toEqual([{ statement: 'select "name" from "items" where "id" = $1', runs: 3 }]);
  });

  it('leaves a statement with a long list of values unnamed (a new text for each length)', async () => {
    const ids = Array.from({ length: 65 }, (_, i) => i + 1);
    const rows = await database.db
      .selectFrom('items' as never)
      .select('id' as never)
      .where('id' as never, 'in', ids as never)
      .execute();
    expect(rows).toHaveLength(65);
    const prepared = await preparedOnTheConnection();
    expect(prepared.some((p) => p.statement.includes('$65'))).toBe(false);
  });

  it('answers again after another process changed the table under a prepared select *', async () => {
    const read = () =>
      database.db
        .selectFrom('items' as never)
        .selectAll()
        .where('id' as never, '=', 1 as never)
        .executeTakeFirstOrThrow() as Promise<Record<string, unknown>>;
    expect(await read()).toEqual({ id: 1, name: 'item 1' });
    // A migration run by a newer process while this one keeps its prepared statement.
    await sql.raw(`alter table ${schema}.items add column tier text default 'gold'`).execute(admin.db);
    expect(await read()).toEqual({ id: 1, name: 'item 1', tier: 'gold' });
  });

  it('inside a transaction the changed statement fails once, and the connection is replaced', async () => {
    const read = (db: typeof database.db) =>
      db
        .selectFrom('items' as never)
        .selectAll()
        .where('id' as never, '=', 2 as never)
        .executeTakeFirstOrThrow();
    const pid = async () =>
      (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db)).rows[0]!.pid;
    await database.db.transaction().execute((trx) => read(trx));
    const before = await pid();
    await sql.raw(`alter table ${schema}.items add column region text default 'east'`).execute(admin.db);
    // The transaction cannot go on after the error: it is rolled back and the caller told.
    await expect(database.db.transaction().execute((trx) => read(trx))).rejects.toThrow(
      /cached plan must not change result type/,
    );
    expect(await pid()).not.toBe(before);
    expect(await database.db.transaction().execute((trx) => read(trx))).toEqual({
      id: 2,
      name: 'item 2',
      tier: 'gold',
      region: 'east',
    });
  });

  it('claims a slot held by a partial unique index run after run (its ON CONFLICT ... WHERE is never named)', async () => {
    // A connector's single running sync: the index (vendor) where status = 'running' is found by the value
    // 'running'. A generic plan (from the sixth run of a named statement) cannot see the value and finds no index.
    const claim = () =>
      database.db
        .insertInto('runs' as never)
        .values({ vendor: 'crm', status: 'running' } as never)
        .onConflict((oc) =>
          oc
            .column('vendor' as never)
            .where('status' as never, '=', 'running' as never)
            .doNothing(),
        )
        .returning('id' as never)
        .executeTakeFirst() as Promise<{ id: number } | undefined>;
    const claimed: boolean[] = [];
    for (let run = 0; run < 8; run++) {
      const slot = await claim();
      claimed.push(slot !== undefined);
      // Held: a second claim while it runs gets nothing.
      claimed.push((await claim()) !== undefined);
      await database.db
        .updateTable('runs' as never)
        .set({ status: 'done' } as never)
        .where('id' as never, '=', slot!.id as never)
        .execute();
    }
    expect(claimed).toEqual(Array.from({ length: 8 }, () => [true, false]).flat());
  });

  it('plans a page of a list once per connection: its LIMIT and OFFSET are in the text (page-window.ts)', async () => {
    // A list as the app pages it: a filter value as a parameter, the page as LIMIT/OFFSET. With the LIMIT as a
    // parameter PostgreSQL's generic plan assumes a large one and every run was planned again.
    const page = (query: { page: number; pageSize: number }) =>
      database.db
        .selectFrom('items' as never)
        .select('id' as never)
        .where('name' as never, 'like', 'item 1%' as never)
        .orderBy('id' as never)
        .limit(pageLimit(query))
        .offset(pageOffset(query))
        .execute() as Promise<{ id: number }[]>;
    const pages: number[][] = [];
    for (let run = 0; run < 8; run++) pages.push((await page({ page: 2, pageSize: 3 })).map((r) => r.id));
    expect(pages).toEqual(Array.from({ length: 8 }, () => [12, 13, 14]));
    expect(await page({ page: 1, pageSize: 2 })).toEqual([{ id: 1 }, { id: 10 }]);
    const plans = (
      await sql<{ statement: string; generic_plans: number }>`select statement, generic_plans::int
        from pg_prepared_statements where statement like '%"items"%limit 3 offset 3%'`.execute(database.db)
    ).rows;
    expect(plans).toEqual([{ statement: expect.stringContaining('like $1'), generic_plans: 3 }]);
  });

  it('refuses a page that is not a whole number from 1 (it would enter the text)', () => {
    expect(() => pageLimit({ page: 1, pageSize: 0 })).toThrow(RangeError);
    expect(() => pageOffset({ page: 1.5, pageSize: 25 })).toThrow(RangeError);
    expect(() => pageOffset({ page: 2, pageSize: Number.NaN })).toThrow(RangeError);
  });
});
