/** Background health work (src/jobs/types.ts): hourly for everyone, and soon after new data for a few accounts. */
import { z } from 'zod';
import { defineJob, type JobContext, type JobDefinition } from '../../jobs/types.js';

export const healthJobs: JobDefinition[] = [
  defineJob({
    name: 'health-recompute',
    schema: z.object({}),
    // Every hour: today's snapshot of every account on every active scorecard (a rerun replaces it).
    cron: '7 * * * *',
    singletonKey: () => 'all',
    handler: async (_payload, { services }) => {
      await services.health.recompute();
    },
  }) as JobDefinition,
];

/**
 * New data for accounts (usage roll-ups, imports, billing — the data-arrival signal, a few seconds
 * after it lands): the same set-based pass, narrowed to them, so their score follows within a minute.
 */
export const healthOnAccountsChanged = async (accountIds: string[], { services }: JobContext) => {
  await services.health.recompute({ accountIds });
};
