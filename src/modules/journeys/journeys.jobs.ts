import { z } from 'zod';
import type { AccountsChangedListener } from '../../jobs/signals.js';
import { defineJob } from '../../jobs/types.js';

/**
 * The engine's runs (docs/journeys.md): every minute, and soon after a publish, an enrolment or a resume.
 * A run may overlap another on a second worker: participants are claimed with `for update skip locked`,
 * and every effect is keyed, so overlapping runs neither skip nor repeat a step.
 */
/** Batches one run moves side by side (their sends wait on the network, not on this process). */
const CONCURRENCY = 4;

export const journeyJobs = [
  defineJob({
    name: 'journeys-run',
    uses: ['journeys'],
    schema: z.object({}),
    cron: '* * * * *',
    singletonKey: () => 'minute',
    async handler(_payload, { services }) {
      await services.journeys.run({ concurrency: CONCURRENCY });
    },
  }),
  defineJob({
    name: 'journeys-advance',
    uses: ['journeys'],
    schema: z.object({}),
    // One waiting run serves every publish and enrolment that arrives before it starts.
    singletonKey: () => 'advance',
    async handler(_payload, { services }) {
      await services.journeys.run({ concurrency: CONCURRENCY });
    },
  }),
];

/**
 * New data for accounts (data-arrival signal, after the account facts): segment entries and exit criteria
 * are decided now; moving the participants is left to a queued run, so the signal's job stays short.
 */
export const journeysOnAccountsChanged: AccountsChangedListener<'journeys'> = async (_accountIds, { services }) => {
  await services.journeys.entriesAndExits();
};
