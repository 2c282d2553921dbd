import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../src/db/types.js';
import { waitFor } from './wait.js';

/**
 * Plays another writer (PostgreSQL tests): `hold` runs in a transaction that then stays open, holding what it
 * locked, until `release()`; `last` runs in it just before it ends, and `done` settles with its result.
 */
export async function holdOpen<T = void>(
  db: Kysely<DB>,
  hold: (trx: Transaction<DB>) => Promise<unknown>,
  last?: (trx: Transaction<DB>) => Promise<T>,
) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const holding = new Promise<void>((resolve) => (held = resolve));
  const done = db.transaction().execute(async (trx) => {
    await hold(trx);
    held();
    await released;
    return last?.(trx);
  });
  // A `hold` that fails rejects `done` before anything is held.
  await Promise.race([holding, done]);
  return { release, done };
}

/** Resolves once a statement of this database (whose text is `like` the pattern) waits for a lock. */
export async function waitForLockWait(db: Kysely<DB>, statementLike = '%') {
  await waitFor(
    async () => {
      const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where wait_event_type = 'Lock' and datname = current_database() and query like ${statementLike}`.execute(db);
      return rows[0]!.n > 0;
    },
    10_000,
    'no statement waited for a lock',
  );
}
