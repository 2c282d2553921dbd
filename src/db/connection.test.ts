import { describe, expect, it, vi } from 'vitest';
import { connect } from './connection.js';
import { testBackend } from '../../test/support/db.js';
import { waitFor } from '../../test/support/wait.js';

describe('a PostgreSQL connection that the server ends', () => {
  // A PostgreSQL restart, a failover or an administrator's pg_terminate_backend ends idle
  // connections. The pool must drop the dead one and go on, not take the whole process down.
  it.skipIf(testBackend !== 'postgres')(
    'an idle connection ended by the server is replaced; the process keeps running',
    async () => {
      const url = process.env.TEST_DATABASE_URL!;
      const database = await connect({ databaseUrl: url, poolSize: 1 });
      const admin = await connect({ databaseUrl: url, poolSize: 1 });
      const backendPid = async () => Number((await database.executeSql('select pg_backend_pid() as pid')).rows[0]!.pid);
      try {
        const first = await backendPid();
        await admin.executeSql('select pg_terminate_backend($1)', [first]);
        // The connection sits idle in the pool while the server ends it.
        await waitFor(
          async () => (await admin.executeSql('select 1 from pg_stat_activity where pid = $1', [first])).rowCount === 0,
          20_000,
          'the server never ended the connection',
        );
        let next = first;
        await waitFor(
          async () => {
            next = await backendPid().catch(() => first);
            return next !== first;
          },
          20_000,
          'the pool never replaced the ended connection',
        );
        expect(next).not.toBe(first);
      } finally {
        await database.close();
        await admin.close();
      }
    },
  );
});

describe('the connections a burst of requests opened', () => {
  // Closed after 10 idle seconds (pg-pool's default), they were opened again on the next burst, each time a new
  // backend with cold caches in front of a request: 15–40 ms stalls under a steady load (docs/performance.md).
  it.skipIf(testBackend !== 'postgres')('stay open across an idle minute and serve the next burst', async () => {
    const database = await connect({ databaseUrl: process.env.TEST_DATABASE_URL!, poolSize: 4 });
    const burst = async () =>
      new Set(
        await Promise.all(
          Array.from({ length: 4 }, async () =>
            Number((await database.executeSql('select pg_backend_pid() as pid, pg_sleep(0.05)')).rows[0]!.pid),
          ),
        ),
      );
    try {
      // The pool's idle timers (set as each connection is released) run on a fake clock; the sockets stay real.
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const first = await burst();
      expect(first.size).toBe(4);
      vi.advanceTimersByTime(60_000);
      vi.useRealTimers();
      expect(await burst()).toEqual(first);
    } finally {
      vi.useRealTimers();
      await database.close();
    }
  });
});
