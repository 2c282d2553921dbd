/**
 * Prometheus metrics of one Tenure process (GET /metrics on the server, the worker's ops listener):
 * request latency, job runs and failures, the job queue's depth, the tracking pipeline's backlog,
 * and Node's process metrics. One Registry per app (prom-client's global one would make two apps
 * built in one process — tests — register the same names twice). docs/deploy.md lists them.
 *
 * Counters and histograms count what this process did; the queue depth and ingest figures are read
 * from the database at scrape time, so every process reports the same values (aggregate with max()).
 */
import { sql } from 'kysely';
import client from 'prom-client';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/connection.js';
import { type JobSettled, type Queue, queueSchema } from '../../jobs/queue.js';
import { pendingTraits } from '../tracking/tracking.read.js';
import { pendingRollup } from '../usage/usage.read.js';

export interface OpsLog {
  warn(obj: unknown, msg?: string): void;
}

export interface OpsMetricsDeps {
  database: Database;
  clock: Clock;
  /** The job queue this process started, if any (its names label the depth gauge; absent = no queue in this process). */
  queue: () => Queue | undefined;
  log?: OpsLog;
  /** How long the scrape-time database reads may take before the scrape answers without them. */
  timeoutMs?: number;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** pg-boss states of jobs not finished: waiting (created), waiting for a retry, running. */
const OPEN_STATES = ['created', 'retry', 'active'] as const;

export function createOpsMetrics({ database, clock, queue, log, timeoutMs = 2_000 }: OpsMetricsDeps) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });

  const httpDuration = new client.Histogram({
    name: 'tenure_http_request_duration_seconds',
    help: 'HTTP requests answered by this process: seconds from arrival to the answer, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const readCacheAnswers = new client.Counter({
    name: 'tenure_read_cache_answers_total',
    help: 'Reads the read cache may keep, answered by this process: by route pattern and result (hit: from the cache, miss: read from the database)',
    labelNames: ['route', 'result'] as const,
    registers: [registry],
  });
  const jobFailures = new client.Counter({
    name: 'tenure_job_failures_total',
    help: 'Job runs that failed in this process, by queue; final="true" when it was the last try (no retry follows)',
    labelNames: ['queue', 'final'] as const,
    registers: [registry],
  });
  const jobDuration = new client.Histogram({
    name: 'tenure_job_duration_seconds',
    help: 'Job runs in this process: seconds per run, by queue and outcome (ok, failed)',
    labelNames: ['queue', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900],
    registers: [registry],
  });
  const queueDepth = new client.Gauge({
    name: 'tenure_job_queue_depth',
    help: 'Jobs not finished, by queue and state: created (waiting), retry (waiting for a retry), active (running) — read from the database',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
  });
  const ingestLag = new client.Gauge({
    name: 'tenure_ingest_lag_seconds',
    help: 'Tracking pipeline: age of the oldest work waiting, by stage — rollup: event time of the oldest tracked event not yet in the usage roll-ups; traits: time since the oldest waiting identify/group traits arrived. 0 when nothing waits',
    labelNames: ['stage'] as const,
    registers: [registry],
  });
  const ingestPending = new client.Gauge({
    name: 'tenure_ingest_pending',
    help: 'Tracking pipeline: work waiting, by stage — rollup: tracked events not yet in the usage roll-ups; traits: people and groups whose traits wait to be applied',
    labelNames: ['stage'] as const,
    registers: [registry],
  });
  const scrapeErrors = new client.Counter({
    name: 'tenure_metrics_scrape_errors_total',
    help: 'Scrapes whose database reads (queue depth, ingest) failed or timed out; those gauges are then absent from the answer',
    labelNames: ['part'] as const,
    registers: [registry],
  });

  async function readQueueDepth() {
    const names = queue()?.names ?? [];
    if (!names.length) return;
    const schema = queueSchema(database).replace(/"/g, '""');
    // pg-boss's enum orders the states: created < retry < active < completed < cancelled < failed.
    const { rows } = await database.executeSql(
      `select name, state::text as state, count(*)::int as n from "${schema}".job where state < 'completed' group by 1, 2`,
    );
    const counted = new Map(rows.map((r) => [`${r.name as string}|${r.state as string}`, Number(r.n)]));
    queueDepth.reset();
    for (const name of names)
      for (const state of OPEN_STATES) queueDepth.set({ queue: name, state }, counted.get(`${name}|${state}`) ?? 0);
  }

  async function readIngest() {
    // The pending roll-up rows and the flagged traits, from the usage and tracking read models.
    const result = await sql<{
      rollup_n: number;
      rollup_oldest: Date | null;
      traits_n: number;
      traits_oldest: Date | null;
    }>`
      select r.n as rollup_n, r.oldest as rollup_oldest, t.n as traits_n, t.oldest as traits_oldest
      from (${pendingRollup()}) r cross join (${pendingTraits()}) t`.execute(database.db);
    const row = result.rows[0];
    const now = clock.now().getTime();
    const age = (oldest: Date | string | null) => (oldest ? Math.max(0, (now - new Date(oldest).getTime()) / 1000) : 0);
    ingestPending.set({ stage: 'rollup' }, row?.rollup_n ?? 0);
    ingestPending.set({ stage: 'traits' }, row?.traits_n ?? 0);
    ingestLag.set({ stage: 'rollup' }, age(row?.rollup_oldest ?? null));
    ingestLag.set({ stage: 'traits' }, age(row?.traits_oldest ?? null));
  }

  /** A read that fails or outlasts the timeout leaves its gauges out of this answer (never stale figures). */
  async function guarded(part: string, read: () => Promise<void>, gauges: client.Gauge[]) {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${part} read took over ${timeoutMs} ms`)), timeoutMs);
          timer.unref();
        }),
      ]);
    } catch (error) {
      for (const gauge of gauges) gauge.reset();
      scrapeErrors.inc({ part });
      log?.warn({ err: error, part }, 'metrics: a database read failed; its gauges are left out of this scrape');
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    registry,
    contentType: registry.contentType,
    /** Records one answered request (route = the pattern, e.g. /api/accounts/:id; unmatched paths share one label). */
    /** `cache`: the answer's x-tenure-cache header (hit, miss), on the routes the read cache may keep. */
    observeRequest(method: string, route: string | undefined, status: number, seconds: number, cache?: string) {
      httpDuration.observe(
        { method: METHODS.has(method) ? method : 'OTHER', route: route ?? 'unmatched', status: String(status) },
        seconds,
      );
      if (cache === 'hit' || cache === 'miss') readCacheAnswers.inc({ route: route ?? 'unmatched', result: cache });
    },
    /** The queue's per-job callback (src/jobs/queue.ts onJobSettled). */
    jobSettled({ name, ok, final, seconds }: JobSettled) {
      jobDuration.observe({ queue: name, outcome: ok ? 'ok' : 'failed' }, seconds);
      if (!ok) jobFailures.inc({ queue: name, final: String(final) });
    },
    /** The text Prometheus scrapes: the database-read gauges refreshed first. */
    async scrape(): Promise<string> {
      // Every queue's failure series exists from the start, so rate() and alerts see a 0, not nothing.
      for (const name of queue()?.names ?? [])
        for (const final of ['true', 'false']) jobFailures.inc({ queue: name, final }, 0);
      await guarded('queue', readQueueDepth, [queueDepth]);
      await guarded('ingest', readIngest, [ingestLag, ingestPending]);
      return registry.metrics();
    },
  };
}

export type OpsMetrics = ReturnType<typeof createOpsMetrics>;
