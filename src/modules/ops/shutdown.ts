import type { Database } from '../../db/connection.js';
import type { Ops } from './ops.js';

export interface ShutdownDeps {
  app: { close(): Promise<unknown> };
  database: Pick<Database, 'close'>;
  ops: Pick<Ops, 'drain'>;
  /** TENURE_DRAIN_SECONDS: how long to keep serving with /readyz at 503 before closing. */
  drainSeconds: number;
  log?: (message: string) => void;
  /** Waits the drain period (tests pass their own to hold the process in the drain deterministically). */
  wait?: (ms: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The server's graceful stop (SIGTERM, SIGINT): /readyz turns 503 at once; after the drain period
 * the server stops accepting connections and waits for the requests in flight (Fastify's close:
 * idle keep-alive connections are closed, requests arriving on busy ones get 503); then the app's
 * onClose hooks let background imports and training runs finish, stop the usage processor and the
 * job queue (running jobs get up to 10 s); last the database closes.
 */
export async function gracefulShutdown({ app, database, ops, drainSeconds, log, wait = sleep }: ShutdownDeps) {
  ops.drain();
  if (drainSeconds > 0) {
    log?.(
      `Stopping: /readyz answers 503; still serving for ${drainSeconds} s so the load balancer takes this process out`,
    );
    await wait(drainSeconds * 1000);
  }
  await app.close();
  await database.close();
}
