import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../jobs/types.js';

/**
 * Background work of the prediction module. `prediction-train` runs a training job row created by
 * POST /api/prediction/train (a finished job is left alone, so a redelivery does nothing);
 * `prediction-rescore` refreshes every active account's probability with the latest model each
 * night, as new usage, tickets and NPS arrive (scores are replaced, so running it twice is harmless).
 */
export const predictionJobs: JobDefinition[] = [
  defineJob({
    name: 'prediction-train',
    schema: z.object({ jobId: z.uuid(), features: z.array(z.string()).optional(), horizonDays: z.number().int().min(1).max(730).optional() }),
    handler: async ({ jobId, features, horizonDays }, { services }) => services.prediction.runJob(jobId, { features, horizonDays }),
    singletonKey: ({ jobId }) => jobId,
    retryLimit: 1,
  }) as JobDefinition,
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
