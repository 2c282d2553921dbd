import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/support/db.js';
import type { Database } from './connection.js';
import { migrate } from './migrator.js';

/** Indexes and columns of the tables the edited migrations touched, as a comparable list. */
async function shape(database: Database) {
  const indexes = await sql<{ name: string; def: string }>`
    select indexname as name, indexdef as def from pg_indexes
    where schemaname = current_schema() and tablename in ('usage_events', 'usage_active_daily', 'renewals') order by indexname`.execute(
    database.db,
  );
  const columns = await sql<{ name: string }>`
    select table_name || '.' || column_name || ' ' || data_type as name from information_schema.columns
    where table_schema = current_schema() and table_name = 'renewals' order by column_name`.execute(database.db);
  return {
    indexes: indexes.rows.map((r) => r.def.replace(/ ON \S+\./, ' ON ')),
    columns: columns.rows.map((r) => r.name),
  };
}

let fresh: Database;
let old: Database;
beforeAll(async () => {
  [fresh, old] = await Promise.all([testDatabase(), testDatabase()]);
});
afterAll(async () => {
  await Promise.all([fresh.close(), old.close()]);
});

describe('0020 schema catch-up', () => {
  it('brings a database that ran the earlier texts of 0002, 0010 and 0013 to the schema of a fresh install', async () => {
    const today = await shape(fresh);
    // What a database built before the released migrations were edited looks like.
    await sql`create index usage_events_account_day_idx on usage_events (account_id, day) where account_id is not null`.execute(
      old.db,
    );
    await sql`drop index usage_events_unattributed_recent_idx`.execute(old.db);
    await sql`drop index usage_active_daily_day_idx`.execute(old.db);
    await sql`alter table renewals drop column category_set_by_name`.execute(old.db);
    await sql`delete from schema_migrations where version = '0020_schema_catch_up'`.execute(old.db);
    expect(await shape(old)).not.toEqual(today);

    const result = await migrate(old);
    expect(result.applied).toEqual(['0020_schema_catch_up']);
    expect(await shape(old)).toEqual(today);
  });
});
