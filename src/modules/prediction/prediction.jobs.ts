import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../jobs/types.js';

/**
 * Background work of the prediction module. Training started from the UI runs in the process that
 * received the request (its progress row is polled; see startTraining); `prediction-rescore` refreshes every active account's probability with the latest model each
 * night, as new usage, tickets and NPS arrive (scores are replaced, so running it twice is harmless).
 */
export const predictionJobs: JobDefinition[] = [
  defineJob({
    name: 'prediction-rescore',
    schema: z.object({}),
    cron: '30 3 * * *',
    handler: async (_payload, { services }) => {
      await services.prediction.rescore();
    },
    singletonKey: () => 'prediction-rescore',
  }) as JobDefinition,
];
