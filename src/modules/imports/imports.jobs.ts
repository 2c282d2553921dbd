import { z } from 'zod';
import { defineJob } from '../../jobs/types.js';
import { importOptionsSchema } from '../../shared/imports.js';
import { ROLES } from '../../shared/roles.js';
import { IMPORT_EXPIRE_SECONDS, IMPORT_JOB, IMPORT_RETRIES } from './imports.service.js';

const actorSchema = z.object({
  type: z.enum(['user', 'token', 'system', 'cli']),
  id: z.string().nullable(),
  name: z.string(),
  role: z.enum(ROLES),
});
const runSchema = z.object({
  importId: z.uuid(),
  options: importOptionsSchema.extend({ chunkSize: z.number().int().min(1).max(100_000).optional() }),
  actor: actorSchema,
});

/**
 * Background work of the imports module (docs/imports.md, "API"; docs/jobs.md).
 * - `imports-run`: an upload made through the API. Its `import_jobs` row has the job's id and its
 *   bytes are in `import_uploads`; the handler claims the row and imports the file from its first
 *   row (upserts: a redelivery after a crash stores nothing twice). The queue's lease
 *   (`expireInSeconds`) and retries carry it over a crash; the last attempt's failure fails the row.
 * - `imports-recover`: every 5 minutes, fails imports left "running" whose queue job is gone or
 *   finished (never stuck), and deletes stored uploads of imports that are over.
 */
export const importJobs = [
  defineJob({
    name: IMPORT_JOB,
    uses: ['imports'],
    schema: runSchema,
    retryLimit: IMPORT_RETRIES,
    expireInSeconds: IMPORT_EXPIRE_SECONDS,
    handler: async (payload, { services, attempt = 1, final = true }) => {
      await services.imports.runJob(payload, { number: attempt, final, queued: true });
    },
  }),
  defineJob({
    name: 'imports-recover',
    uses: ['imports'],
    schema: z.object({}),
    cron: '*/5 * * * *',
    singletonKey: () => 'imports-recover',
    handler: async (_payload, { services }) => {
      await services.imports.recoverInterrupted();
    },
  }),
];
