import { z } from 'zod';
import type { AccountsChangedListener } from '../../jobs/signals.js';
import { defineJob } from '../../jobs/types.js';
import { systemActor } from '../audit/actor.js';

/**
 * The welcome goes out within minutes of the first payment: a first payment that arrives
 * through Stripe, an import or a subscription entered through the API signals the account at
 * once (listener below); the scan every five minutes catches everything else (a date entered by
 * hand, a lost signal, a worker that was down, a welcome skipped while SMTP was not configured
 * once it is), so no newly paid account waits more than a few minutes.
 */
export const welcomeJobs = [
  defineJob({
    name: 'welcome-scan',
    uses: ['welcome', 'jobs'],
    schema: z.object({}),
    cron: '*/5 * * * *',
    singletonKey: () => 'scan',
    async handler(_payload, { services }) {
      for (const accountId of await services.welcome.due()) await services.jobs.send('welcome-send', { accountId });
    },
  }),
  defineJob({
    name: 'welcome-send',
    uses: ['welcome'],
    schema: z.object({ accountId: z.uuid() }),
    // One waiting send per account; the claim in customer_sends makes a second run a no-op anyway.
    singletonKey: ({ accountId }) => accountId,
    retryLimit: 5,
    retryDelaySeconds: 30,
    async handler({ accountId }, { services }) {
      await services.welcome.send(systemActor, accountId);
    },
  }),
];

export const welcomeOnAccountsChanged: AccountsChangedListener<'welcome' | 'jobs'> = async (
  accountIds,
  { services },
) => {
  for (const accountId of await services.welcome.due(accountIds))
    await services.jobs.send('welcome-send', { accountId });
};
