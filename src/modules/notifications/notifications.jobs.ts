import { z } from 'zod';
import { defineJob } from '../../jobs/types.js';

export const notificationJobs = [
  defineJob({
    name: 'notifications-deliver',
    uses: ['channels', 'notifications'],
    schema: z.object({
      channelId: z.uuid(),
      key: z.string().min(1),
      title: z.string(),
      body: z.string().nullable(),
      params: z.record(z.string(), z.union([z.string(), z.number()])),
      link: z.string().nullable(),
    }),
    // One waiting post per channel and key; the delivery claim makes a second run a no-op.
    singletonKey: ({ channelId, key }) => `${channelId}:${key}`,
    retryLimit: 5,
    retryDelaySeconds: 10,
    async handler(payload, { services }) {
      await services.channels.deliver(payload.channelId, payload.key, services.notifications.chatMessage(payload));
    },
  }),
  defineJob({
    name: 'notifications-digest',
    uses: ['notifications'],
    schema: z.object({}),
    // 08:00 in the organisation's time zone, before the working day.
    cron: '0 8 * * *',
    singletonKey: () => 'daily',
    async handler(_payload, { services }) {
      await services.notifications.sendDigests();
    },
  }),
];
