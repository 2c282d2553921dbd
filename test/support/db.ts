import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { connect, type Database } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrator.js';

export const testBackend = (process.env.TENURE_TEST_BACKEND ?? 'pglite') as 'pglite' | 'postgres';

/**
 * A fresh database built by the real migrator: PGlite in memory, or on PostgreSQL
 * (TEST_DATABASE_URL) a schema of its own, dropped again by close().
 */
export async function testDatabase(): Promise<Database> {
  if (testBackend === 'pglite') {
    const database = await connect({});
    await migrate(database);
    return database;
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TENURE_TEST_BACKEND=postgres needs TEST_DATABASE_URL');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = await connect({ databaseUrl: url, poolSize: 1 });
  await sql.raw(`create schema ${schema}`).execute(admin.db);
  const database = await connect({ databaseUrl: url, schema, poolSize: 4 });
  await migrate(database);
  return {
    ...database,
    async close() {
      await database.close();
      await sql.raw(`drop schema ${schema} cascade`).execute(admin.db);
      // The job queue (pg-boss) of this database lives in a schema next to it (src/jobs/queue.ts).
      await sql.raw(`drop schema if exists ${schema}_jobs cascade`).execute(admin.db);
      await admin.close();
    },
  };
}

/**
 * A PostgreSQL database of its own (next to TEST_DATABASE_URL) for tests that start Tenure as a
 * separate process, which needs a connection string rather than a schema: its URL and how to drop it.
 */
export async function separateDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  const admin = await connect({ databaseUrl: process.env.TEST_DATABASE_URL, poolSize: 1 });
  await sql.raw(`create database ${name}`).execute(admin.db);
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
      await admin.close();
    },
  };
}
