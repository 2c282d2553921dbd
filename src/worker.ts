import type { Config } from './config.js';
import { createQueue } from './jobs/queue.js';
import { jobs as jobDefinitions } from './jobs/registry.js';
import { serveOps } from './modules/ops/listener.js';
import { createOps } from './modules/ops/ops.js';
import { clockFor, openDatabase } from './runtime.js';
import { createServices } from './services.js';

export class WorkerNeedsPostgresError extends Error {}

const consoleLog = {
  info: (obj: unknown, msg?: string) => console.log(msg ?? obj),
  warn: (obj: unknown, msg?: string) => console.warn(msg ?? '', obj),
  error: (obj: unknown, msg?: string) => console.error(msg ?? '', obj),
};

/**
 * `tenure worker`: runs queued jobs and cron schedules against DATABASE_URL. Any number of
 * workers (and servers with TENURE_WORKER=on) share the queue; pg-boss hands each job to one.
 */
export async function startWorker(config: Config, options: { log?: typeof consoleLog } = {}) {
  if (!config.DATABASE_URL) {
    throw new WorkerNeedsPostgresError(
      'A separate worker needs PostgreSQL (DATABASE_URL). The embedded database (PGlite) belongs to one process,\n' +
        'so on PGlite the server runs the worker itself: just `npm start`.',
    );
  }
  const log = options.log ?? consoleLog;
  const database = await openDatabase(config);
  const clock = clockFor(config);
  const services = createServices({ db: database.db, clock, config });
  // Readiness and metrics as the server has them (job runs, failures, queue depth); served when TENURE_WORKER_PORT is set.
  const ops = createOps({
    database,
    clock,
    queue: () => queue,
    expectQueue: true,
    metricsToken: config.TENURE_METRICS_TOKEN,
    log,
  });
  const queue = createQueue({
    database,
    definitions: jobDefinitions,
    timeZone: config.TENURE_TIMEZONE,
    clock,
    log,
    worker: true,
    onJobSettled: ops.metrics.jobSettled,
  });
  await queue.start();
  await queue.work(services);
  services.jobs.attach(queue);
  const listener =
    config.TENURE_WORKER_PORT === undefined
      ? undefined
      : await serveOps(ops, { port: config.TENURE_WORKER_PORT, host: config.HOST });
  log.info(
    { jobs: jobDefinitions.map((d) => d.name) },
    `Tenure worker running ${jobDefinitions.length} job kinds (pid ${process.pid})${listener ? `; /healthz, /readyz, /metrics on port ${listener.port}` : ''}`,
  );

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Readiness turns 503 first; the listener stays up until the jobs in flight have finished.
      ops.drain();
      services.jobs.detach();
      await queue.stop();
      await listener?.close();
      await database.close();
    })());
  return { queue, services, database, stop, ops, port: listener?.port };
}
