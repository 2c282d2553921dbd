import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

/**
 * Presents one PGlite instance as the pg-style pool Kysely's PostgresDialect expects.
 * PGlite is a single connection, so a connection is held exclusively (a FIFO lock) from
 * connect() to release(): that keeps a transaction's statements together. Code inside a
 * transaction must use the transaction, never the outer `db`, or it waits for itself.
 */
export function pglitePool(pg: PGlite): PostgresPool & { hold<T>(fn: () => Promise<T>): Promise<T> } {
  let tail: Promise<void> = Promise.resolve();

  const acquire = async (): Promise<() => void> => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const previous = tail;
    tail = previous.then(() => held);
    await previous;
    return release;
  };

  return {
    async connect(): Promise<PostgresPoolClient> {
      const release = await acquire();
      const query = async (sql: string, parameters: ReadonlyArray<unknown>) => {
        const result = await pg.query(sql, parameters as unknown[]);
        const command = /^\s*(insert|update|delete|merge)\b/i.exec(sql)?.[1]?.toUpperCase() ?? 'SELECT';
        return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
      };
      return { query, release } as unknown as PostgresPoolClient;
    },
    async end() {},
    /** Runs `fn` while holding the connection: how code outside Kysely (pg-boss) shares it safely. */
    async hold<T>(fn: () => Promise<T>): Promise<T> {
      const release = await acquire();
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}
