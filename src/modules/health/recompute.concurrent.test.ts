/**
 * Two writers of the same new snapshot (PostgreSQL only: PGlite has one connection, so runs never overlap).
 * A first start on PostgreSQL failed on `duplicate key value violates unique constraint "health_snapshots_pkey"`:
 * the demo loader scored history while the server's worker scored the same accounts on the data-arrival
 * signal, and both transactions, finding no row for a new day, inserted it. Here a transaction the test
 * holds open plays the other writer, deterministically.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';
import { holdOpen, waitForLockWait } from '../../../test/support/locks.js';

let t: TestApp;
let accountId = '';
let scorecardId = '';
const DAY = '2026-06-15';

beforeAll(async () => {
  t = await createTestApp({ TENURE_TIMEZONE: 'UTC' });
  const s = t.services;
  accountId = (await s.accounts.create(cliActor, { name: 'Raced', firstPaidOn: '2026-01-01' })).id;
  await s.usage.recordDaily([{ accountId, day: DAY, event: 'login', count: 3, users: 3 }]);
  scorecardId = (
    await s.health.create(cliActor, {
      name: 'Usage',
      primary: true,
      measures: [{ type: 'days_since_last_activity', weight: 1, bad: 10, good: 1 }],
    })
  ).id;
});
afterAll(() => t.close());

it('scores a day another transaction is writing at the same moment: it waits, then its own pass wins', async () => {
  const db = t.services.db;
  await db.deleteFrom('health_snapshots').execute();
  const other = await holdOpen(db, (trx) =>
    sql`insert into health_snapshots (scorecard_id, account_id, day, score, color, measure_ids, measure_values, measure_scores, measure_weights)
      values (${scorecardId}, ${accountId}, ${DAY}, 1, 'red', '{}', '{}', '{}', '{}')`.execute(trx),
  );
  const recompute = t.services.health.recompute({ asOfDay: DAY, accountIds: [accountId] });
  // The recompute reaches the row the other transaction holds and waits for it: wait until it does.
  await waitForLockWait(db);
  other.release();
  await other.done;
  await expect(recompute).resolves.toMatchObject({ accounts: 1 });
  const row = await db.selectFrom('health_snapshots').selectAll().where('day', '=', DAY).executeTakeFirstOrThrow();
  expect(row.color).not.toBe('red');
  expect(Number(row.score)).toBeGreaterThan(1);
});
