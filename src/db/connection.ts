import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './types.js';
import { pglitePool } from './pglite-pool.js';
import { withPreparedStatements } from './prepared-statements.js';
import { TableChanges, trackChanges } from './table-changes.js';

export type Backend = 'pglite' | 'postgres';
/** Runs a parameterless, possibly multi-statement script; returns the rows of its last statement. */
export type ScriptRunner = (sqlText: string) => Promise<Record<string, unknown>[]>;

export interface Database {
  db: Kysely<DB>;
  backend: Backend;
  /**
   * Runs `fn` on one dedicated connection holding a cluster-wide advisory lock (PostgreSQL) —
   * the migrator's way to apply multi-statement scripts while other processes wait.
   */
  exclusive<T>(lockKey: number, fn: (run: ScriptRunner) => Promise<T>): Promise<T>;
  /**
   * Runs one SQL text outside Kysely (pg-boss's `db` adapter): with values through the extended
   * protocol, without them as a possibly multi-statement script. Returns the last statement's rows.
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number }>;
  /** Which tables changed since when, in this process and (PostgreSQL) in others: the read cache's ground. */
  changes: TableChanges;
  /** PostgreSQL only: the connection string and the schema this database works in. */
  url?: string;
  schema?: string;
  close(): Promise<void>;
}

// Same JS shapes on both backends: bigint counts and money as numbers (minor units stay far
// below 2^53), calendar dates as 'YYYY-MM-DD' strings (never shifted by a time zone), numeric as number.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const parsers: Record<number, (value: string) => unknown> = {
  [INT8]: (v) => Number(v),
  [NUMERIC]: (v) => Number(v),
  [DATE]: (v) => v,
};

export interface ConnectOptions {
  databaseUrl?: string;
  /** PGlite data directory; omitted = in memory. */
  dataDir?: string;
  /** PostgreSQL only: schema to work in (tests isolate themselves in a schema each). */
  schema?: string;
  poolSize?: number;
}

/** How long an idle pooled connection is kept open. */
const POOL_IDLE_MS = 5 * 60_000;

export async function connect(options: ConnectOptions): Promise<Database> {
  if (options.databaseUrl) return connectPostgres(options);
  return connectPglite(options.dataDir);
}

async function connectPostgres(options: ConnectOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    // pg-pool closes a connection idle for 10 s by default: under a steady load whose concurrency moves, the
    // connections a burst opened were closed and opened again on the next one, each time 15–40 ms (a new
    // backend, its caches and prepared statements cold) in front of a request (docs/performance.md). Kept for
    // five idle minutes instead.
    idleTimeoutMillis: POOL_IDLE_MS,
    options: `-c TimeZone=UTC${options.schema ? ` -c search_path=${options.schema}` : ''}`,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A restart, failover or pg_terminate_backend ends idle connections; the pool drops the dead one
  // and opens a new one on the next query. Without a listener the 'error' event would end the process.
  pool.on('error', (error) =>
    console.warn(`PostgreSQL ended an idle connection; it will be replaced (${error.message})`),
  );
  const connections = countConnections(pool);
  const changes = new TableChanges({ url: options.databaseUrl!, schema: options.schema });
  // Which notifications are this process's own (pg's Client knows its server process once connected).
  const backendOf = (client: pg.PoolClient) => (client as unknown as { processID: number | null }).processID;
  pool.on('acquire', (client) => {
    const pid = backendOf(client);
    if (pid) changes.ownBackends.add(pid);
  });
  pool.on('remove', (client) => {
    const pid = backendOf(client);
    if (pid) changes.ownBackends.delete(pid);
  });
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: trackChanges(withPreparedStatements(pool), changes) }),
  });
  return {
    db,
    backend: 'postgres',
    changes,
    url: options.databaseUrl,
    schema: options.schema,
    async executeSql(text, values) {
      const result = (await pool.query(text, values)) as unknown as pg.QueryResult | pg.QueryResult[];
      const last = Array.isArray(result) ? result.at(-1) : result;
      return { rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
    },
    async exclusive(lockKey, fn) {
      const client = await pool.connect();
      try {
        await client.query(`select pg_advisory_lock(${lockKey})`);
        return await fn(async (text) => {
          const result = await client.query(text).catch(async (error) => {
            await client.query('rollback');
            throw error;
          });
          const last = Array.isArray(result) ? result.at(-1) : result;
          return last?.rows ?? [];
        });
      } finally {
        await client.query(`select pg_advisory_unlock(${lockKey})`).catch(() => undefined);
        client.release();
      }
    },
    async close() {
      await changes.close();
      await db.destroy();
      // Kysely ends the pool only if it ran a query itself; the migrator may have used it alone.
      if (!pool.ended) await pool.end();
      await connections.allClosed();
    },
  };
}

/**
 * pool.end() resolves as soon as it has asked its connections to close, before their sockets have;
 * close() waits for them (at most a few seconds), so what the caller does next (a DROP DATABASE,
 * a restart) finds nobody still connected.
 */
function countConnections(pool: pg.Pool) {
  let open = 0;
  let settle: (() => void) | undefined;
  pool.on('connect', () => open++);
  pool.on('remove', () => {
    open--;
    if (open <= 0) settle?.();
  });
  return {
    allClosed: () =>
      open <= 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            settle = resolve;
            setTimeout(resolve, 5_000).unref();
          }),
  };
}

async function connectPglite(dataDir?: string): Promise<Database> {
  if (dataDir) fs.mkdirSync(path.resolve(dataDir), { recursive: true });
  // pg_trgm: the accounts search's trigram indexes (migration 0028), as on PostgreSQL.
  const pglite = new PGlite({ dataDir: dataDir ? path.resolve(dataDir) : undefined, parsers, extensions: { pg_trgm } });
  await pglite.waitReady;
  await pglite.exec(`set time zone 'UTC'`);
  const pool = pglitePool(pglite);
  const changes = new TableChanges();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: trackChanges(pool, changes) }) });
  return {
    db,
    backend: 'pglite',
    changes,
    executeSql(text, values) {
      // The single connection is held exclusively inside a Kysely transaction: wait for it like Kysely does.
      return pool.hold(async () => {
        if (values?.length) {
          const result = await pglite.query<Record<string, unknown>>(text, values);
          return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
        }
        const last = (await pglite.exec(text)).at(-1);
        return {
          rows: (last?.rows ?? []) as Record<string, unknown>[],
          rowCount: last?.affectedRows ?? last?.rows.length ?? 0,
        };
      });
    },
    async exclusive(_lockKey, fn) {
      // One process owns a PGlite directory, so there is no one to lock out.
      return fn(async (text) => {
        const results = await pglite.exec(text).catch(async (error) => {
          await pglite.exec('rollback').catch(() => undefined);
          throw error;
        });
        return (results.at(-1)?.rows ?? []) as Record<string, unknown>[];
      });
    },
    async close() {
      await changes.close();
      await db.destroy();
      await pglite.close();
    },
  };
}
