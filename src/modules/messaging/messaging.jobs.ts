import { z } from 'zod';
import { defineJob } from '../../jobs/types.js';

/**
 * Webhook deliveries: one job per send, retried by the queue with exponential back-off (30 s, 60 s,
 * 120 s …, six tries in all); the send row counts the attempts and records the last refusal.
 */
export const messagingJobs = [
  defineJob({
    name: 'messaging-webhook',
    uses: ['messaging'],
    schema: z.object({ sendId: z.uuid() }),
    singletonKey: ({ sendId }) => sendId,
    retryLimit: 5,
    retryDelaySeconds: 30,
    async handler({ sendId }, { services, attempt, final }) {
      await services.messaging.deliverWebhook(sendId, attempt ?? 1, final ?? true);
    },
  }),
];
