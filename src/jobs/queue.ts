import PgBoss from 'pg-boss';
import type { Clock } from '../clock.js';
import type { Database } from '../db/connection.js';
import type { Services } from '../services.js';
import type { JobDefinition } from './types.js';

export interface QueueLog {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

export interface SendOptions {
  /** Overrides the definition's key: one waiting job per key (queues of such jobs use pg-boss's `short` policy). */
  singletonKey?: string;
  /** Delay before the job may run: the debounce of data-arrival signals. */
  startAfterSeconds?: number;
  /** The job's id (a uuid): a module that tracks its own run row uses the row's id, so a second send is a no-op. */
  id?: string;
}

/** pg-boss's job states: created/retry wait, active runs, the rest are finished. */
export type QueueJobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface QueueOptions {
  database: Database;
  definitions: JobDefinition<any>[];
  /** The organisation's time zone: cron schedules are read in it. */
  timeZone: string;
  clock: Clock;
  log: QueueLog;
  /** A worker runs handlers, cron schedules and pg-boss's maintenance; otherwise the process only sends. */
  worker: boolean;
  /** Seconds between polls for new jobs (pg-boss minimum 0.5). */
  pollingIntervalSeconds?: number;
  /**
   * Whether a worker fires the definitions' cron schedules (default true). Off where the clock is pinned
   * (browser tests at TENURE_NOW): an hourly run would otherwise land at whatever minute of the real hour
   * a test happens to reach, and change what the test counts.
   */
  schedules?: boolean;
  /** Called after each job this worker runs (the ops module's job metrics). */
  onJobSettled?: (settled: JobSettled) => void;
}

/** One run of one job in this process: its queue, whether it failed, whether that was its last try, and how long it took. */
export interface JobSettled {
  name: string;
  ok: boolean;
  final: boolean;
  seconds: number;
}

export interface Queue {
  /** Installs/migrates pg-boss's tables and creates a queue per definition; sending works from here on. */
  start(): Promise<void>;
  /** Runs the handlers (and the cron schedules) in this process: a worker. Any number may share the queue. */
  work(services: Services): Promise<void>;
  /** Validates the payload, then queues it; null when a waiting job with the same singleton key exists. */
  send(name: string, payload: unknown, options?: SendOptions): Promise<string | null>;
  /** A job's state, or null when pg-boss has no such job (never sent, or deleted after retention). */
  state(name: string, id: string): Promise<QueueJobState | null>;
  /** Stops polling, waits for running jobs (up to `timeoutMs`), closes the queue's connections. */
  stop(timeoutMs?: number): Promise<void>;
  /** pg-boss itself, for tests and operations (state counts, job lookup). */
  boss: PgBoss;
  /** True between start() and stop(): readiness checks it. */
  readonly started: boolean;
  /** The queue names this process knows (one per job definition). */
  readonly names: string[];
  /** Called after each job this worker runs; set before work() (the ops module's metrics). */
  onJobSettled?: (settled: JobSettled) => void;
}

const JOBS_PER_FETCH = 5;
/** Advisory lock held while a process creates the queues (next to the migrator's 734_512_001). */
const QUEUE_CREATE_LOCK_KEY = 734_512_003;
/** A run still active after this long counts as failed (a crash, a hang) and is retried. */
export const DEFAULT_EXPIRE_SECONDS = 15 * 60;

/**
 * pg-boss's own schema next to the app's: `pgboss` in production, `<schema>_jobs` for a test
 * schema so that test files never share queues (test/support/db.ts drops it with the schema).
 */
export const queueSchema = (database: Database) => (database.schema ? `${database.schema}_jobs` : 'pgboss');

export function createQueue({
  database,
  definitions,
  timeZone,
  clock,
  log,
  worker,
  pollingIntervalSeconds = 1,
  onJobSettled,
  schedules = true,
}: QueueOptions): Queue {
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const schema = queueSchema(database);
  // On PostgreSQL pg-boss keeps a small pool of its own; on PGlite it must share the one connection.
  // Supervision (expiry, archiving) and cron run in workers only: a sending-only process stays light.
  const roles = { supervise: worker, schedule: worker && schedules };
  const boss =
    database.backend === 'postgres' && database.url
      ? new PgBoss({ connectionString: database.url, schema, max: 4, application_name: 'tenure-jobs', ...roles })
      : new PgBoss({
          db: { executeSql: (text: string, values: unknown[]) => database.executeSql(text, values) },
          schema,
          ...roles,
        });
  let started = false;
  let working = false;
  boss.on('error', (error) => log.error(error, 'job queue error'));

  const definition = (name: string) => {
    const found = byName.get(name);
    if (!found) throw new Error(`Unknown job "${name}": add its definition to src/jobs/registry.ts`);
    return found;
  };

  const queue: Queue = {
    boss,
    onJobSettled,
    get started() {
      return started;
    },
    names: definitions.map((d) => d.name),
    async start() {
      if (started) return;
      await boss.start();
      started = true;
      // One process at a time: pg-boss's create_queue inserts the queue's row, then its DDL locks the
      // queue table, so processes starting together on a new database deadlocked (test/scale-out.test.ts).
      // The next one finds the queues there and changes nothing.
      await database.exclusive(QUEUE_CREATE_LOCK_KEY, async () => {
        for (const d of definitions) {
          await boss.createQueue(d.name, {
            name: d.name,
            policy: d.singletonKey ? 'short' : 'standard',
            retryLimit: d.retryLimit ?? 3,
            retryDelay: d.retryDelaySeconds ?? 5,
            retryBackoff: true,
            expireInSeconds: d.expireInSeconds ?? DEFAULT_EXPIRE_SECONDS,
          });
        }
      });
    },

    async work(services) {
      if (!started || !worker) throw new Error('work() needs a queue created with worker: true and started');
      if (working) return;
      working = true;
      for (const d of definitions) {
        // pg-boss waits a polling interval between fetches, so a worker takes a few jobs per fetch and
        // runs them one by one; a failure fails only its own job (pg-boss completes the rest).
        await boss.work(
          d.name,
          { pollingIntervalSeconds, batchSize: JOBS_PER_FETCH, includeMetadata: true },
          async (batch) => {
            for (const job of batch) {
              const began = performance.now();
              const final = job.retryCount >= job.retryLimit;
              const settled = (ok: boolean) => {
                try {
                  queue.onJobSettled?.({ name: d.name, ok, final, seconds: (performance.now() - began) / 1000 });
                } catch {
                  /* metrics never fail a job */
                }
              };
              try {
                const payload = d.schema.parse(job.data);
                await d.handler(payload, {
                  services,
                  now: clock.now(),
                  jobId: job.id,
                  attempt: job.retryCount + 1,
                  final,
                });
                settled(true);
              } catch (error) {
                settled(false);
                log.error(
                  { err: error, job: d.name, jobId: job.id, attempt: job.retryCount + 1, final },
                  final ? `job ${d.name} failed for good` : `job ${d.name} failed; retrying with back-off`,
                );
                await boss.fail(d.name, job.id, { message: error instanceof Error ? error.message : String(error) });
              }
            }
          },
        );
        if (!schedules) continue;
        if (d.cron) await boss.schedule(d.name, d.cron, {}, { tz: timeZone });
        else await boss.unschedule(d.name).catch(() => undefined);
      }
    },

    async send(name, payload, options = {}) {
      const d = definition(name);
      const data = d.schema.parse(payload) as object;
      const singletonKey = options.singletonKey ?? d.singletonKey?.(data);
      return boss.send(name, data, {
        ...(singletonKey ? { singletonKey } : {}),
        ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
        ...(options.id ? { id: options.id } : {}),
      });
    },

    async state(name, id) {
      definition(name);
      return (await boss.getJobById(name, id))?.state ?? null;
    },

    async stop(timeoutMs = 10_000) {
      if (!started) return;
      started = false;
      working = false;
      await boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
    },
  };
  return queue;
}
