/** Keeping account_facts fresh in the background (docs/lists.md). */
import { z } from 'zod';
import type { AccountsChangedListener } from '../../jobs/signals.js';
import { defineJob } from '../../jobs/types.js';

export const factJobs = [
  defineJob({
    name: 'account-facts-refresh',
    uses: ['facts'],
    schema: z.object({}),
    // Every hour, after the health recompute (minute 7): what time moves — 30-day windows, renewal dates.
    cron: '27 * * * *',
    singletonKey: () => 'all',
    handler: async (_payload, { services }) => {
      await services.facts.refresh();
    },
  }),
];

/** New data for accounts: their figures follow, after health (30) and the CTA rules (40) have run. */
export const factsOnAccountsChanged: AccountsChangedListener<'facts'> = async (accountIds, { services }) => {
  await services.facts.refresh(accountIds);
};
