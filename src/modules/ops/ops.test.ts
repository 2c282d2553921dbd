import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClock } from '../../clock.js';
import { createQueue } from '../../jobs/queue.js';
import type { JobDefinition } from '../../jobs/types.js';
import { createServices } from '../../services.js';
import { loadConfig } from '../../config.js';
import { startWorker } from '../../worker.js';
import { separateDatabase, testBackend, testDatabase } from '../../../test/support/db.js';
import { waitFor } from '../../../test/support/wait.js';
import { serveOps } from './listener.js';
import { createOps } from './ops.js';
import { sample } from './prometheus.test-helper.js';

const silent = { info() {}, warn() {}, error() {} };

describe('the ops listener of a worker, and job failure metrics', () => {
  it('serves /healthz, /readyz and /metrics; counts a failed job run by queue; turns unready when draining', async () => {
    const database = await testDatabase();
    const clock = createClock('2026-06-15T04:00:00Z');
    const failing = {
      name: 'test-ops-fail',
      uses: [],
      schema: z.object({ n: z.number() }),
      retryLimit: 0,
      async handler() {
        throw new Error('this job always fails');
      },
    } as unknown as JobDefinition<any>;
    // The worker's wiring (src/worker.ts): ops first, its metrics as the queue's callback.
    const ops = createOps({ database, clock, queue: () => queue, expectQueue: true, log: silent });
    const queue = createQueue({
      database,
      definitions: [failing],
      timeZone: 'UTC',
      clock,
      log: silent,
      worker: true,
      pollingIntervalSeconds: 0.5,
      onJobSettled: ops.metrics.jobSettled,
    });
    const listener = await serveOps(ops, { port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${listener.port}`;
    try {
      // Before the queue starts, the worker is not ready.
      const early = await fetch(`${base}/readyz`);
      expect(early.status).toBe(503);
      expect((await early.json()).failing).toBe('queue');

      await queue.start();
      await queue.work(createServices({ db: database.db, clock, config: { TENURE_SESSION_DAYS: 14 } }));
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(ready.headers.get('cache-control')).toBe('no-store');

      const metrics = async () => (await fetch(`${base}/metrics`)).text();
      expect(sample(await metrics(), 'tenure_job_failures_total', { queue: 'test-ops-fail', final: 'true' })).toBe(0);
      const id = await queue.send('test-ops-fail', { n: 1 });
      await waitFor(async () => (await queue.boss.getJobById('test-ops-fail', id!))?.state === 'failed', 20_000);
      await waitFor(
        async () =>
          sample(await metrics(), 'tenure_job_failures_total', { queue: 'test-ops-fail', final: 'true' }) === 1,
      );
      const text = await metrics();
      expect(sample(text, 'tenure_job_duration_seconds_count', { queue: 'test-ops-fail', outcome: 'failed' })).toBe(1);
      expect(sample(text, 'tenure_job_queue_depth', { queue: 'test-ops-fail', state: 'created' })).toBe(0);
      expect((await fetch(`${base}/nothing-here`)).status).toBe(404);

      ops.drain();
      const draining = await fetch(`${base}/readyz`);
      expect(draining.status).toBe(503);
      expect((await draining.json()).failing).toBe('shutting_down');
    } finally {
      await queue.stop(2_000);
      await listener.close();
      await database.close();
    }
  }, 60_000);
});

describe('tenure worker', () => {
  it.skipIf(testBackend !== 'postgres')(
    'with TENURE_WORKER_PORT, serves its readiness and metrics; stopping turns it unready and closes the listener',
    async () => {
      const { url, drop } = await separateDatabase('tenure_ops_worker');
      const worker = await startWorker(
        loadConfig({ DATABASE_URL: url, TENURE_WORKER_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }),
        { log: silent },
      );
      try {
        const base = `http://127.0.0.1:${worker.port}`;
        const ready = await fetch(`${base}/readyz`);
        expect(ready.status).toBe(200);
        expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', migrations: 'ok', queue: 'ok' } });
        const text = await (await fetch(`${base}/metrics`)).text();
        for (const name of worker.queue.names)
          expect(sample(text, 'tenure_job_failures_total', { queue: name, final: 'true' }), name).toBe(0);
        await worker.stop();
        expect(worker.ops.draining).toBe(true);
        await expect(fetch(`${base}/healthz`)).rejects.toThrow();
      } finally {
        await worker.stop();
        await drop();
      }
    },
    60_000,
  );
});
