/**
 * Operations surface of one process (docs/deploy.md): liveness, readiness, metrics and draining.
 * The server mounts it as routes (ops.routes.ts); a separate worker serves it on its own small
 * listener (listener.ts, TENURE_WORKER_PORT).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/connection.js';
import { migrationFiles } from '../../db/migrator.js';
import type { Queue } from '../../jobs/queue.js';
import { createOpsMetrics, type OpsLog } from './metrics.js';

export type CheckName = 'shutting_down' | 'database' | 'migrations' | 'queue';
export type CheckResult = 'ok' | 'failed' | 'timeout' | 'not_run';

export interface Readiness {
  status: 'ok' | 'unavailable';
  /** The first check that failed, when one did. */
  failing?: CheckName;
  checks: Partial<Record<Exclude<CheckName, 'shutting_down'>, CheckResult>>;
}

export interface OpsDeps {
  database: Database;
  clock: Clock;
  /** The job queue, once this process has started one; `expectQueue` says whether it must. */
  queue: () => Queue | undefined;
  /** This process runs a job queue (the server with jobs on, a worker): readiness requires it started. */
  expectQueue: boolean;
  /** TENURE_METRICS_TOKEN: when set, /metrics wants it as a bearer token; unset, /metrics answers loopback callers only. */
  metricsToken?: string;
  log?: OpsLog;
  /** How long the database may take to answer a readiness check. */
  checkTimeoutMs?: number;
}

/** Headers that say a proxy relayed the request: such a caller is not the machine itself, whatever the socket says. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

export const isLoopback = (address: string | undefined) =>
  !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

const digest = (text: string) => createHash('sha256').update(text).digest();

export type MetricsAccess = 'allowed' | 'token_required' | 'loopback_only';

export function createOps({ database, clock, queue, expectQueue, metricsToken, log, checkTimeoutMs = 2_000 }: OpsDeps) {
  const metrics = createOpsMetrics({ database, clock, queue, log });
  // Read once: the migrations this build ships. Readiness wants every one applied.
  const shipped = migrationFiles().map((f) => f.replace(/\.sql$/, ''));
  let draining = false;

  async function timed<T>(work: Promise<T>): Promise<T | 'timeout'> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        work,
        new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), checkTimeoutMs);
          timer.unref();
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    metrics,
    /** True once shutdown began: readiness answers 503 so load balancers stop sending. */
    get draining() {
      return draining;
    },
    /** Shutdown begins: from now on /readyz answers 503 (shutting_down) while requests in flight finish. */
    drain() {
      draining = true;
    },

    /** Liveness needs nothing but a running event loop: no database call. */
    liveness: () => ({ status: 'ok' as const }),

    /** Readiness: not draining, the database answers `select 1` in time, every shipped migration is applied, the queue runs (where one should). */
    async readiness(): Promise<Readiness> {
      const checks: Readiness['checks'] = {};
      const unavailable = (failing: CheckName): Readiness => ({ status: 'unavailable', failing, checks });
      if (draining) return unavailable('shutting_down');

      const ping = await timed(sql`select 1 as one`.execute(database.db).then(() => 'ok' as const)).catch(
        () => 'failed' as const,
      );
      checks.database = ping;
      if (ping !== 'ok') return unavailable('database');

      const applied = await timed(
        sql<{ version: string }>`select version from schema_migrations`
          .execute(database.db)
          .then((r) => new Set(r.rows.map((row) => row.version))),
      ).catch(() => 'failed' as const);
      if (applied === 'timeout' || applied === 'failed') {
        checks.migrations = applied;
        return unavailable('migrations');
      }
      // A newer release may have migrated further (a rolling upgrade): only missing ones make this process unready.
      checks.migrations = shipped.every((v) => applied.has(v)) ? 'ok' : 'failed';
      if (checks.migrations !== 'ok') return unavailable('migrations');

      if (expectQueue) {
        checks.queue = queue()?.started ? 'ok' : 'failed';
        if (checks.queue !== 'ok') return unavailable('queue');
      } else checks.queue = 'not_run';
      return { status: 'ok', checks };
    },

    /**
     * Who may read /metrics: with TENURE_METRICS_TOKEN, whoever sends it (`Authorization: Bearer …`);
     * without, only a caller on this machine talking to Tenure directly (a loopback socket and no
     * proxy's forwarding headers — a reverse proxy on the same host relays the public's requests
     * from loopback, and those must not see it).
     */
    metricsAccess(request: {
      headers: Record<string, string | string[] | undefined>;
      remoteAddress?: string;
    }): MetricsAccess {
      if (metricsToken) {
        const given = /^Bearer\s+(.+)$/i.exec(String(request.headers.authorization ?? ''))?.[1]?.trim();
        return given && timingSafeEqual(digest(given), digest(metricsToken)) ? 'allowed' : 'token_required';
      }
      const relayed = FORWARDING_HEADERS.some((h) => request.headers[h] !== undefined);
      return isLoopback(request.remoteAddress) && !relayed ? 'allowed' : 'loopback_only';
    },
  };
}

export type Ops = ReturnType<typeof createOps>;
