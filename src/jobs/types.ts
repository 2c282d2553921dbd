import type { z } from 'zod';
import type { Services } from '../services.js';

/**
 * The contract between modules and the job queue. A module describes its background work in
 * `<domain>.jobs.ts` as an array of these; `src/jobs/registry.ts` lists every module's array and the
 * queue (pg-boss) runs them. Delivery is at least once, so every handler is idempotent.
 */
export interface JobDefinition<P = unknown> {
  /** Queue name, kebab-case and prefixed by the module: 'health-recompute', 'ctas-rules-run'. */
  name: string;
  /** Validates the payload on send and again before the handler runs. */
  schema: z.ZodType<P>;
  /** Idempotent: running it twice for the same payload changes nothing the second time. */
  handler(payload: P, context: JobContext): Promise<void>;
  /** Cron schedule (five fields, evaluated in the organisation's time zone); the scheduled payload is `{}`. */
  cron?: string;
  /** Jobs with the same key are not queued twice while one is waiting (pg-boss singletonKey). */
  singletonKey?(payload: P): string | undefined;
  /** Retries with exponential back-off before the job is marked failed. Default 3. */
  retryLimit?: number;
  /** Seconds before the first retry (doubled each time). Default 5. */
  retryDelaySeconds?: number;
  /** Seconds a run may take before it counts as failed (and is retried). Default 15 minutes. */
  expireInSeconds?: number;
}

export interface JobContext {
  services: Services;
  /** The injectable clock's time when the job started (TENURE_NOW honoured). */
  now: Date;
  /** The pg-boss job id, for logs and idempotency keys. */
  jobId: string;
  /** 1 on the first run, 2 on the first retry … (1 when run inline). */
  attempt?: number;
  /** No retry follows if this run fails (always true inline): a handler may record the failure for good. */
  final?: boolean;
}

/** Builds a typed definition (keeps the payload type between schema and handler). */
export const defineJob = <P>(definition: JobDefinition<P>): JobDefinition<P> => definition;
