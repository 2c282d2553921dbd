/** Background health work (src/jobs/types.ts): hourly for everyone, and soon after new data for a few accounts. */
import { z } from 'zod';
import type { AccountsChangedListener } from '../../jobs/signals.js';
import { defineJob } from '../../jobs/types.js';

export const healthJobs = [
  defineJob({
    name: 'health-recompute',
    uses: ['health'],
    schema: z.object({}),
    // Every hour: today's snapshot of every account on every active scorecard (a rerun replaces it).
    cron: '7 * * * *',
    singletonKey: () => 'all',
    handler: async (_payload, { services }) => {
      await services.health.recompute();
    },
  }),
];

/**
 * New data for accounts (usage roll-ups, imports, billing — the data-arrival signal, a few seconds
 * after it lands): the same set-based pass, narrowed to them, so their score follows within a minute.
 */
export const healthOnAccountsChanged: AccountsChangedListener<'health'> = async (accountIds, { services }) => {
  await services.health.recompute({ accountIds });
};
