import { afterEach, expect, it } from 'vitest';
import { createClock } from '../clock.js';
import { connect, type Database } from '../db/connection.js';
import { testBackend, testDatabase } from '../../test/support/db.js';
import { createQueue, type Queue, queueSchema } from './queue.js';
import { jobs } from './registry.js';

/**
 * Servers and workers started together on a new database (docker compose up, a rolling deploy)
 * each create the queues. pg-boss's create_queue inserts the queue's row and then runs DDL that
 * locks the queue table, so on PostgreSQL concurrent starts deadlocked ("deadlock detected", the
 * worker exited): queue.start() now creates them one process at a time. PostgreSQL only
 * (vitest.config.ts): a PGlite database belongs to one process, which has one queue.
 */
const silent = { info() {}, warn() {}, error() {} };
let queues: Queue[] = [];
let connections: Database[] = [];

afterEach(async () => {
  await Promise.all(queues.map((q) => q.stop(2_000).catch(() => undefined)));
  for (const c of connections.reverse()) await c.close();
  queues = [];
  connections = [];
});

it('four processes start their queues at once on a new database', async () => {
  expect(testBackend).toBe('postgres');
  const database = await testDatabase();
  connections.push(database);
  // Each "process" with a pool of its own on the same schema.
  const others = await Promise.all(
    [1, 2, 3].map(() => connect({ databaseUrl: process.env.TEST_DATABASE_URL, schema: database.schema, poolSize: 2 })),
  );
  connections.push(...others);
  queues = [database, ...others].map((d) =>
    createQueue({
      database: d,
      definitions: jobs,
      timeZone: 'UTC',
      clock: createClock(undefined),
      log: silent,
      worker: false,
    }),
  );

  const started = await Promise.allSettled(queues.map((q) => q.start()));
  expect(
    started.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason)),
  ).toEqual([]);
  const created = await database.executeSql(`select name from ${queueSchema(database)}.queue order by name`);
  expect(created.rows.map((r) => String(r.name)).sort()).toEqual(jobs.map((d) => d.name).sort());
});
