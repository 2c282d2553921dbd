/**
 * Two writers of the account facts at once (PostgreSQL only: PGlite has one connection, so writes never overlap).
 * A first start on PostgreSQL failed on `deadlock detected`: the demo loader's full refresh of the open-CTA counts
 * and the worker's refresh of a few accounts (the data-arrival signal) each locked the same rows, in the order
 * their plans happened to read them. Every writer now takes the rows in account order, so one waits for the other.
 * Here a transaction the test holds open plays the other writer, deterministically.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { holdOpen, waitForLockWait } from '../../../test/support/locks.js';

let t: TestApp;
// Stored high id first, so a writer that followed the table's order would reach `high` before `low`.
const high = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
const low = '00000000-0000-4000-8000-000000000001';

beforeAll(async () => {
  t = await createTestApp({ TENURE_TIMEZONE: 'UTC' });
  await sql`insert into accounts (id, name) values (${high}::uuid, 'Stored first'), (${low}::uuid, 'Stored second')`.execute(
    t.services.db,
  );
  // Stale counts (the accounts' rows come with them): neither account has an open CTA, so a refresh rewrites both rows.
  await sql`update account_facts set open_ctas = 5`.execute(t.services.db);
});
afterAll(() => t.close());

it('takes the rows in account order: a refresh that meets a held row already holds every lower one', async () => {
  const db = t.services.db;
  // Holds `high`; just before it ends, asks for `low` without waiting: the refresh, waiting for `high`, has
  // taken `low` before it in account order, so `low` is not free.
  const other = await holdOpen(
    db,
    (trx) => sql`select 1 from account_facts where account_id = ${high}::uuid for update`.execute(trx),
    (trx) =>
      sql`select 1 from account_facts where account_id = ${low}::uuid for update nowait`.execute(trx).then(
        () => true,
        (error: { code?: string }) => (error.code === '55P03' ? false : Promise.reject(error)),
      ),
  );
  const refresh = t.services.facts.refresh();
  await waitForLockWait(db, '%insert into account_facts%');
  other.release();
  const lowerRowFree = await other.done;
  await refresh;
  expect(lowerRowFree).toBe(false);
  const counts = await db
    .selectFrom('account_facts')
    .select(['account_id', 'open_ctas'])
    .orderBy('account_id')
    .execute();
  expect(counts).toEqual([
    { account_id: low, open_ctas: 0 },
    { account_id: high, open_ctas: 0 },
  ]);
});
