import { z } from 'zod';
import { defineJob } from '../../jobs/types.js';
import { ROLES } from '../../shared/roles.js';
import { TRAIN_EXPIRE_SECONDS, TRAIN_JOB } from './training.runs.js';

const actorSchema = z.object({
  type: z.enum(['user', 'token', 'system', 'cli']),
  id: z.string().nullable(),
  name: z.string(),
  role: z.enum(ROLES),
});

/**
 * Background work of the prediction module.
 * - `prediction-train`: a training run started from the UI. Its `prediction_jobs` row has the job's id;
 *   the handler claims the row and trains; a finished row is never trained again, so a redelivery
 *   (retry after a crash or an expired lease) only finishes what is unfinished.
 * - `prediction-recover`: every 5 minutes, fails runs left "running" by a process that died (their
 *   queue job is gone or finished): never stuck.
 * - `prediction-rescore`: nightly at 03:30, refreshes every active account's probability with the latest
 *   model as new usage, tickets and NPS arrive (scores are replaced, so running it twice is harmless).
 */
export const predictionJobs = [
  defineJob({
    name: TRAIN_JOB,
    uses: ['prediction'],
    schema: z.object({
      runId: z.uuid(),
      features: z.array(z.string()).optional(),
      horizonDays: z.number().int().min(1).max(730).optional(),
      actor: actorSchema,
    }),
    retryLimit: 2,
    expireInSeconds: TRAIN_EXPIRE_SECONDS,
    handler: async ({ runId, features, horizonDays, actor }, { services, attempt = 1, final = true }) => {
      await services.prediction.runTraining(runId, { features, horizonDays }, actor, {
        number: attempt,
        final,
        queued: true,
      });
    },
  }),
  defineJob({
    name: 'prediction-recover',
    uses: ['prediction'],
    schema: z.object({}),
    cron: '*/5 * * * *',
    singletonKey: () => 'prediction-recover',
    handler: async (_payload, { services }) => {
      await services.prediction.recoverInterrupted();
    },
  }),
  defineJob({
    name: 'prediction-rescore',
    uses: ['prediction'],
    schema: z.object({}),
    cron: '30 3 * * *',
    handler: async (_payload, { services }) => {
      await services.prediction.rescore();
    },
    singletonKey: () => 'prediction-rescore',
  }),
];
