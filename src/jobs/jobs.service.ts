import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Services } from '../services.js';
import type { Queue, QueueJobState, SendOptions } from './queue.js';
import type { JobName, JobPayloads } from './registry.js';
import type { AnyJobDefinition } from './types.js';

/**
 * How services enqueue work: `services.jobs.send(name, payload, options)`, typed by the job
 * definitions: an unknown name or a payload its schema would refuse does not compile.
 *
 * With a queue attached (the server, `tenure worker`) the job goes to pg-boss and some worker runs
 * it. Without one (the CLI, tests) the rule is: the handler runs now, in this process, awaited —
 * so a CLI import still triggers what follows it, and tests see the effect without a worker.
 * Never send from inside a database transaction on PGlite: the inline handler (or pg-boss) would
 * wait for the connection the transaction holds. Send after commit.
 */
export interface JobService {
  /** The services handlers get when they run inline (set once by createServices). */
  bind(all: Services): void;
  attach(queue: Pick<Queue, 'send' | 'state'>): void;
  detach(): void;
  readonly attached: boolean;
  readonly definitions: readonly AnyJobDefinition[];
  /** Queues a job (returns its id, or null when deduplicated); runs it inline when no queue is attached. */
  send<N extends JobName>(name: N, payload: JobPayloads[N], options?: SendOptions): Promise<string | null>;
  /** A queued job's state (null: pg-boss has no such job); undefined without a queue, where nothing is queued. */
  state(name: string, id: string): Promise<QueueJobState | null | undefined>;
}

export function createJobService({
  definitions,
  clock,
}: {
  definitions: readonly AnyJobDefinition[];
  clock: Clock;
}): JobService {
  let queue: Pick<Queue, 'send' | 'state'> | undefined;
  let services: Services | undefined;
  const byName = new Map(definitions.map((d) => [d.name, d]));

  return {
    bind(all: Services) {
      services = all;
    },
    attach(q: Pick<Queue, 'send' | 'state'>) {
      queue = q;
    },
    detach() {
      queue = undefined;
    },
    get attached() {
      return queue !== undefined;
    },
    definitions,

    async send(name: string, payload: unknown, options: SendOptions = {}): Promise<string | null> {
      if (queue) return queue.send(name, payload, options);
      const definition = byName.get(name);
      if (!definition) throw new Error(`Unknown job "${name}": add its definition to src/jobs/registry.ts`);
      if (!services) throw new Error('job service not bound to the services');
      await definition.handler(definition.schema.parse(payload), {
        services,
        now: clock.now(),
        jobId: options.id ?? `inline-${randomUUID()}`,
        attempt: 1,
        final: true,
      });
      return null;
    },

    async state(name: string, id: string) {
      return queue ? queue.state(name, id) : undefined;
    },
  };
}
