import type { Config } from './config.js';
import { createQueue } from './jobs/queue.js';
import { jobs as jobDefinitions } from './jobs/registry.js';
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
  const queue = createQueue({ database, definitions: jobDefinitions, timeZone: config.TENURE_TIMEZONE, clock, log, worker: true });
  await queue.start();
  await queue.work(services);
  services.jobs.attach(queue);
  log.info({ jobs: jobDefinitions.map((d) => d.name) }, `Tenure worker running ${jobDefinitions.length} job kinds (pid ${process.pid})`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      services.jobs.detach();
      await queue.stop();
      await database.close();
    })());
  return { queue, services, database, stop };
}
