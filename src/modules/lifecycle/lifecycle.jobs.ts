import { z } from 'zod';
import type { AccountsChangedListener } from '../../jobs/signals.js';
import { defineJob } from '../../jobs/types.js';
import { systemActor } from '../audit/actor.js';

export const lifecycleJobs = [
  defineJob({
    name: 'lifecycle-run',
    uses: ['lifecycle'],
    schema: z.object({}),
    // Just after midnight in the organisation's time zone, when a new day moves the stages.
    cron: '5 0 * * *',
    singletonKey: () => 'daily',
    async handler(_payload, { services }) {
      await services.lifecycle.run(systemActor);
    },
  }),
];

/** New data (a first payment, a cancellation) moves the stage of those accounts without waiting for the night. */
export const lifecycleOnAccountsChanged: AccountsChangedListener<'lifecycle'> = async (accountIds, { services }) => {
  await services.lifecycle.run(systemActor, accountIds);
};
