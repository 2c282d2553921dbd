import { z } from 'zod';
import { defineJob } from '../../jobs/types.js';
import { SYNC_JOB } from './connectors.service.js';

const syncSchema = z.object({
  vendor: z.enum(['zendesk', 'hubspot', 'salesforce']),
  trigger: z.enum(['schedule', 'manual']),
  /** Read everything again, from an empty cursor ("Sync from the start"). */
  fromStart: z.boolean().optional(),
});

/**
 * Background work of connectors (docs/connectors.md):
 * - `connectors-due`: every 15 minutes, queues a sync of each enabled vendor;
 * - `connectors-sync`: one vendor's sync. One waits per vendor (singleton key), and the run itself
 *   claims the vendor's single running slot, so a "Sync now" during a scheduled run does not run twice.
 *   Vendor failures (429 past its waits, 5xx past its back-off, bad credentials) end the run with the
 *   reason logged and are not retried by the queue; only Tenure's own failures are.
 */
export const connectorJobs = [
  defineJob({
    name: 'connectors-due',
    uses: ['connectors'],
    schema: z.object({}),
    cron: '*/15 * * * *',
    singletonKey: () => 'connectors-due',
    handler: async (_payload, { services }) => {
      await services.connectors.queueDue();
    },
  }),
  defineJob({
    name: SYNC_JOB,
    uses: ['connectors'],
    schema: syncSchema,
    // A sync from the start waits apart: folded into a waiting scheduled sync, it would lose its "from the start".
    singletonKey: (payload) => `connectors-sync:${payload.vendor}${payload.fromStart ? ':start' : ''}`,
    retryLimit: 2,
    retryDelaySeconds: 30,
    expireInSeconds: 30 * 60,
    handler: async (payload, { services }) => {
      await services.connectors.run(payload.vendor, payload.trigger, { fromStart: payload.fromStart });
    },
  }),
];
