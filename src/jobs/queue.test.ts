import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClock } from '../clock.js';
import type { Database } from '../db/connection.js';
import { createServices } from '../services.js';
import { testBackend, testDatabase } from '../../test/support/db.js';
import { waitFor } from '../../test/support/wait.js';
import { createQueue, type Queue, queueSchema } from './queue.js';
import { defineJob, type JobDefinition } from './types.js';
import { cliActor } from '../modules/audit/actor.js';

const clock = createClock('2026-06-15T04:00:00Z');
const silent = { info() {}, warn() {}, error() {} };

let database: Database;
let queues: Queue[] = [];

beforeEach(async () => {
  database = await testDatabase();
  // Each run of a handler leaves a row: the tests count them.
  await sql`create table job_runs (key text not null, worker text not null, at_ms bigint not null)`.execute(
    database.db,
  );
  await sql`create table job_messages (key text primary key, body text not null)`.execute(database.db);
});

afterEach(async () => {
  for (const q of queues) await q.stop(2_000);
  queues = [];
  await database.close();
});

const runs = async () =>
  (
    await sql<{
      key: string;
      worker: string;
      at_ms: number;
    }>`select key, worker, at_ms from job_runs order by at_ms`.execute(database.db)
  ).rows;

function definitions(worker: string, failUntil = new Map<string, number>()): JobDefinition<any>[] {
  return [
    defineJob({
      name: 'test-record',
      uses: ['db'],
      schema: z.object({ key: z.string().min(1) }),
      async handler({ key }, { services }) {
        await sql`insert into job_runs (key, worker, at_ms) values (${key}, ${worker}, ${Date.now()})`.execute(
          services.db,
        );
      },
    }),
    defineJob({
      name: 'test-flaky',
      uses: ['db'],
      schema: z.object({ key: z.string() }),
      retryLimit: 3,
      retryDelaySeconds: 1,
      async handler({ key }, { services }) {
        await sql`insert into job_runs (key, worker, at_ms) values (${key}, ${worker}, ${Date.now()})`.execute(
          services.db,
        );
        const left = failUntil.get(key) ?? 0;
        if (left > 0) {
          failUntil.set(key, left - 1);
          throw new Error('temporary failure');
        }
      },
    }),
    // The welcome send's shape: claim by a unique key, then create the message; a second run finds the claim.
    defineJob({
      name: 'test-message',
      uses: ['db'],
      schema: z.object({ accountId: z.string() }),
      async handler({ accountId }, { services }) {
        await sql`insert into job_runs (key, worker, at_ms) values (${accountId}, ${worker}, ${Date.now()})`.execute(
          services.db,
        );
        await sql`insert into job_messages (key, body) values (${`welcome:${accountId}`}, 'hello') on conflict do nothing`.execute(
          services.db,
        );
      },
    }),
    defineJob({
      name: 'test-debounced',
      uses: ['db'],
      schema: z.object({ account: z.string() }),
      singletonKey: ({ account }) => account,
      async handler({ account }, { services }) {
        await sql`insert into job_runs (key, worker, at_ms) values (${account}, ${worker}, ${Date.now()})`.execute(
          services.db,
        );
      },
    }),
  ];
}

async function startQueue(worker: string | null, defs = definitions(worker ?? 'sender')) {
  const services = createServices({ db: database.db, clock, config: { TENURE_SESSION_DAYS: 14 } });
  const queue = createQueue({
    database,
    definitions: defs,
    timeZone: 'Asia/Shanghai',
    clock,
    log: silent,
    worker: worker !== null,
    pollingIntervalSeconds: 0.5,
  });
  await queue.start();
  if (worker !== null) await queue.work(services);
  queues.push(queue);
  return queue;
}

describe('job queue (pg-boss on the app database)', () => {
  it('fires the schedules only where asked: a worker on a pinned clock (browser tests) registers none', async () => {
    const hourly = defineJob({
      name: 'test-hourly',
      uses: [],
      schema: z.object({}),
      cron: '15 * * * *',
      async handler() {},
    });
    const services = createServices({ db: database.db, clock, config: { TENURE_SESSION_DAYS: 14 } });
    const scheduled = async () =>
      (
        await sql<{ name: string }>`select name from ${sql.table(`${queueSchema(database)}.schedule`)}`.execute(
          database.db,
        )
      ).rows.map((r) => r.name);
    const start = async (schedules: boolean) => {
      const queue = createQueue({
        database,
        definitions: [hourly],
        timeZone: 'UTC',
        clock,
        log: silent,
        worker: true,
        schedules,
      });
      queues.push(queue);
      await queue.start();
      await queue.work(services);
    };
    await start(false);
    expect(await scheduled()).toEqual([]);
    await start(true);
    expect(await scheduled()).toEqual(['test-hourly']);
  }, 60_000);

  it('runs a sent job once, validating its payload on send', async () => {
    const queue = await startQueue('w1');
    await expect(queue.send('test-record', { key: '' })).rejects.toThrow();
    await expect(queue.send('no-such-job', {})).rejects.toThrow(/Unknown job/);
    const id = await queue.send('test-record', { key: 'a' });
    expect(id).toMatch(/[0-9a-f-]{36}/);
    await waitFor(async () => (await runs()).length === 1);
    expect((await runs()).map((r) => r.key)).toEqual(['a']);
  }, 60_000);

  it('keeps one waiting job per singleton key', async () => {
    const queue = await startQueue(null);
    const first = await queue.send('test-debounced', { account: 'x' }, { startAfterSeconds: 30 });
    const second = await queue.send('test-debounced', { account: 'x' }, { startAfterSeconds: 30 });
    const other = await queue.send('test-debounced', { account: 'y' }, { startAfterSeconds: 30 });
    expect(first).toBeTruthy();
    expect(second).toBeNull();
    expect(other).toBeTruthy();
  }, 60_000);

  it('retries a failing handler with exponential back-off until it succeeds', async () => {
    const failUntil = new Map([['f', 2]]);
    const queue = await startQueue('w1', definitions('w1', failUntil));
    const id = await queue.send('test-flaky', { key: 'f' });
    await waitFor(async () => (await queue.boss.getJobById('test-flaky', id!))?.state === 'completed', 20_000);
    const attempts = (await runs()).map((r) => Number(r.at_ms));
    expect(attempts).toHaveLength(3);
    // pg-boss waits retryDelay × 2^n × (1 + random): at least 1 s, then at least 2 s.
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(950);
    expect(attempts[2] - attempts[1]).toBeGreaterThanOrEqual(1_950);
    expect((await queue.boss.getJobById('test-flaky', id!))?.retryCount).toBe(2);
  }, 60_000);

  it.skipIf(testBackend !== 'postgres')(
    'shares the queue between two workers: every job runs exactly once',
    async () => {
      const sender = await startQueue(null);
      const keys = Array.from({ length: 120 }, (_, i) => `job-${i}`);
      for (const key of keys) await sender.send('test-record', { key });
      await Promise.all([startQueue('w1'), startQueue('w2')]);
      await waitFor(async () => (await runs()).length >= keys.length, 30_000);
      // Every job is marked completed once, and none is left to hand out again.
      const states = sql<{
        state: string;
        n: number;
      }>`select state, count(*)::int as n from ${sql.raw(`${database.schema}_jobs`)}.job where name = 'test-record' group by 1`;
      await waitFor(async () =>
        (await states.execute(database.db)).rows.some((r) => r.state === 'completed' && r.n === keys.length),
      );
      const all = await runs();
      expect(all).toHaveLength(keys.length);
      expect(new Set(all.map((r) => r.key)).size).toBe(keys.length);
      // Both workers took part (each polls in batches of one while the other is busy).
      expect(new Set(all.map((r) => r.worker))).toEqual(new Set(['w1', 'w2']));
    },
    60_000,
  );

  it.skipIf(testBackend !== 'postgres')(
    'creates a message once when the same send job is queued twice to two workers',
    async () => {
      const sender = await startQueue(null);
      await sender.send('test-message', { accountId: 'acc-1' });
      await sender.send('test-message', { accountId: 'acc-1' });
      await Promise.all([startQueue('w1'), startQueue('w2')]);
      await waitFor(async () => (await runs()).length === 2, 20_000);
      const messages = await sql<{ key: string }>`select key from job_messages`.execute(database.db);
      expect(messages.rows.map((r) => r.key)).toEqual(['welcome:acc-1']);
    },
    60_000,
  );

  it.skipIf(testBackend !== 'postgres')(
    'opens one CTA when two workers evaluate the rules for the same account at once',
    async () => {
      const services = createServices({ db: database.db, clock, config: { TENURE_SESSION_DAYS: 14 } });
      const account = await services.accounts.create(cliActor, {
        name: 'Urgent Co',
        externalId: 'urgent-co',
        firstPaidOn: '2026-01-01',
        lifecycleStage: 'adoption',
      });
      // An open urgent ticket: the shipped "urgent ticket or spike" rule fires for this account.
      await sql`insert into tickets (account_id, subject, priority, status, opened_at) values (${account.id}::uuid, 'Down', 'urgent', 'open', '2026-06-14T02:00:00Z')`.execute(
        database.db,
      );
      // Rule runs as the ctas-rules-run handler makes them, six at once across two workers.
      const evaluate = [
        defineJob({
          name: 'test-rules',
          uses: ['ctas', 'db'],
          schema: z.object({ n: z.number() }),
          async handler({ n }, { services: s, now }) {
            await s.ctas.runRules({ accountIds: [account.id], asOf: now });
            await sql`insert into job_runs (key, worker, at_ms) values (${`rules-${n}`}, 'any', ${Date.now()})`.execute(
              s.db,
            );
          },
        }),
      ];
      const sender = await startQueue(null, evaluate);
      for (let n = 0; n < 6; n++) await sender.send('test-rules', { n });
      await Promise.all([startQueue('w1', evaluate), startQueue('w2', evaluate)]);
      await waitFor(async () => (await runs()).length === 6, 30_000);
      const ctas = await sql<{
        rule: string;
        status: string;
      }>`select r.key as rule, c.status from ctas c join cta_rules r on r.id = c.rule_id where c.account_id = ${account.id}::uuid order by r.key`.execute(
        database.db,
      );
      // One CTA per rule that fires (the urgent ticket; no activity for 14 days), however many runs raced.
      expect(ctas.rows).toEqual([
        { rule: 'no_activity', status: 'open' },
        { rule: 'tickets', status: 'open' },
      ]);
    },
    60_000,
  );

  it.skipIf(testBackend !== 'postgres')(
    'keeps a job queued before a stop and runs it after the next start',
    async () => {
      const first = await startQueue(null);
      await first.send('test-record', { key: 'survivor' }, { startAfterSeconds: 1 });
      await first.stop();
      queues = queues.filter((q) => q !== first);
      expect(await runs()).toHaveLength(0);
      await startQueue('w-after-restart');
      await waitFor(async () => (await runs()).length === 1, 20_000);
      expect((await runs())[0]).toMatchObject({ key: 'survivor', worker: 'w-after-restart' });
    },
    60_000,
  );
});
