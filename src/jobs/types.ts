import type { z } from 'zod';
import type { Services } from '../services.js';

/**
 * The contract between modules and the job queue. A module describes its background work in
 * `<domain>.jobs.ts` as an array of these and lists it in its manifest (`<domain>.module.ts`);
 * `src/jobs/registry.ts` collects every module's and the queue (pg-boss) runs them.
 * Delivery is at least once, so every handler is idempotent.
 */
export interface JobDefinition<P = unknown, S extends ServiceName = ServiceName, N extends string = string> {
  /** Queue name, kebab-case and prefixed by the module: 'health-recompute', 'ctas-rules-run'. */
  name: N;
  /** The services the handler uses: its context holds only these (TypeScript refuses any other). */
  uses: readonly S[];
  /** Validates the payload on send and again before the handler runs; `services.jobs.send` is typed by it. */
  schema: z.ZodType<P>;
  /** Idempotent: running it twice for the same payload changes nothing the second time. */
  handler(payload: P, context: JobContext<S>): Promise<void>;
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

/** A service's name in `Services` ('health', 'ctas', 'jobs' …). */
export type ServiceName = keyof Services;

/** What a handler gets; `S` narrows the services to those its definition `uses`. */
export interface JobContext<S extends ServiceName = ServiceName> {
  services: Pick<Services, S>;
  /** The injectable clock's time when the job started (TENURE_NOW honoured). */
  now: Date;
  /** The pg-boss job id, for logs and idempotency keys. */
  jobId: string;
  /** 1 on the first run, 2 on the first retry … (1 when run inline). */
  attempt?: number;
  /** No retry follows if this run fails (always true inline): a handler may record the failure for good. */
  final?: boolean;
}

/**
 * Builds a typed definition: the payload type comes from the schema, the services from `uses`
 * (`uses: ['health']` gives the handler `Pick<Services, 'health'>`), and the name stays a literal so
 * `services.jobs.send` can check name and payload (src/jobs/registry.ts: `JobPayloads`).
 */
export const defineJob = <const N extends string, P, const S extends ServiceName = never>(
  definition: JobDefinition<P, S, N>,
): JobDefinition<P, S, N> => definition;

/** A definition of any job, as lists hold them. */
export type AnyJobDefinition = JobDefinition<any, any, string>;
