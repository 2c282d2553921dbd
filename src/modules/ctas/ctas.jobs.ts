import { z } from 'zod';
import type { JobContext } from '../../jobs/types.js';
import { defineJob, type JobDefinition } from '../../jobs/types.js';

/**
 * Rule evaluation in the background: hourly over every account, and on demand for the accounts
 * whose data just arrived (the data-arrival signal calls `ctasOnAccountsChanged`). Idempotent:
 * the partial unique index means a rerun opens nothing twice.
 */
export const ctasJobs: JobDefinition[] = [
  defineJob({
    name: 'ctas-rules-run',
    schema: z.object({ accountIds: z.array(z.uuid()).max(10_000).optional() }),
    cron: '15 * * * *',
    singletonKey: (p) => (p.accountIds ? undefined : 'all'),
    handler: async (payload, { services, now }) => {
      await services.ctas.runRules({ accountIds: payload.accountIds, asOf: now });
    },
  }) as JobDefinition,
];

/** New usage, tickets, NPS or billing for these accounts: evaluate the rules for them now. */
export const ctasOnAccountsChanged = async (accountIds: string[], { services, now }: JobContext) => {
  await services.ctas.runRules({ accountIds, asOf: now });
};
