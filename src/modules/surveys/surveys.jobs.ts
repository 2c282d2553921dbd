import { z } from 'zod';
import type { AccountsChangedListener } from '../../jobs/signals.js';
import { defineJob } from '../../jobs/types.js';

/**
 * Surveys after a support ticket is closed (surveys.tickets.ts): every five minutes, and as soon as
 * tickets arrive (the data-arrival signal of ticket imports and syncs). Exactly-once per survey × ticket
 * by its claim, so the two paths and any number of workers may overlap.
 */
export const surveysJobs = [
  defineJob({
    name: 'surveys-ticket-closed',
    uses: ['surveys'],
    schema: z.object({}),
    cron: '*/5 * * * *',
    singletonKey: () => 'tickets',
    async handler(_payload, { services }) {
      await services.surveys.surveyClosedTickets();
    },
  }),
];

export const surveysOnAccountsChanged: AccountsChangedListener<'jobs'> = async (_accountIds, { services }) => {
  await services.jobs.send('surveys-ticket-closed', {}, { singletonKey: 'tickets' });
};
