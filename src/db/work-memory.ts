import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from './types.js';

/**
 * Runs `fn` in a transaction whose statements may each sort and hash in `size` of memory (`set local`: this
 * transaction only). PostgreSQL's default 4 MB spills a report's or a recompute's sorts to disk.
 */
export function withWorkMemory<T>(
  db: Kysely<DB>,
  size: `${number}MB`,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`set local work_mem = ${sql.lit(size)}`.execute(trx);
    return fn(trx);
  });
}
