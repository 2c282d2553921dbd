/** Background health work (src/jobs/types.ts): hourly for everyone, and soon after new data for a few accounts. */
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../jobs/types.js';

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
  defineJob({
    name: 'health-recompute-accounts',
    // Sent when new data arrives for accounts (usage roll-ups, tickets, NPS, billing), so their
    // score follows within a minute; the same set-based pass, narrowed to them.
    schema: z.object({ accountIds: z.array(z.uuid()).min(1).max(10_000) }),
    singletonKey: (p) => (p.accountIds.length === 1 ? `account:${p.accountIds[0]}` : undefined),
    handler: async ({ accountIds }, { services }) => {
      await services.health.recompute({ accountIds });
    },
  }) as JobDefinition,
];
