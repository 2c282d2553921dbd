import { z } from 'zod';
import { requestLocale } from '../../http/validation.js';
import { type App, idParams } from '../../http/types.js';
import { translator } from '../../i18n/index.js';
import type { PredictionService } from './prediction.service.js';

const factorSchema = z.object({
  feature: z.string(),
  level: z.string().nullable(),
  label: z.string(),
  contribution: z.number(),
  direction: z.enum(['up', 'down']),
});
const predictionSchema = z.object({
  accountId: z.string(),
  renewalProbability: z.number(),
  topFactors: z.array(factorSchema),
  modelId: z.string(),
  computedAt: z.date(),
});
const binSchema = z.object({
  from: z.number(),
  to: z.number(),
  count: z.number().int(),
  meanPredicted: z.number().nullable(),
  observedRate: z.number().nullable(),
});
const featureKind = z.enum(['numeric', 'categorical']);

const modelSchema = z.object({
  id: z.string(),
  createdAt: z.date(),
  trainedBy: z.string().nullable(),
  n: z.number().int(),
  positives: z.number().int(),
  validation: z.enum(['time', 'cv']),
  auc: z.number().nullable(),
  /** 95 % cluster-bootstrap interval of the AUC over the validation predictions. */
  aucInterval: z.object({ low: z.number(), high: z.number() }).nullable(),
  /** Standard deviation of the fold AUCs (null with one fold). */
  aucFoldSd: z.number().nullable(),
  /** too_few: under 30 validated examples of the smaller class, too few to call the model predictive. Null for models trained before verdicts. */
  verdict: z.enum(['predictive', 'not_predictive', 'too_few']).nullable(),
  /** Cut-off days the examples were taken at, newest first. */
  cutoffs: z.array(z.string()),
  /** Examples dropped because a feature window reached back before the usage history. */
  droppedForHistory: z.number().int(),
  /** Features asked for but left out: segment, account columns and attributes have no history for past cut-offs. */
  leftOut: z.array(z.string()),
  folds: z.array(z.number()),
  brier: z.number().nullable(),
  calibration: z.array(binSchema),
  features: z.array(z.object({ key: z.string(), kind: featureKind, family: z.string() })),
  coefficients: z.array(
    z.object({
      feature: z.string(),
      role: z.enum(['value', 'missing', 'level']),
      level: z.string().nullable(),
      coefficient: z.number(),
    }),
  ),
});

const jobSchema = z.object({
  id: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  progress: z.number().int(),
  modelId: z.string().nullable(),
  /** Why it failed, in the caller's language. */
  error: z.string().nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});

const trainBody = z.object({
  /** Built-in families and/or account attributes (`name:numeric` / `name:categorical` override the type); all families when omitted. */
  features: z.array(z.string().trim().min(1).max(200)).max(300).optional(),
  horizonDays: z.number().int().min(1).max(730).optional(),
});

const idsQuery = z.object({
  ids: z
    .string()
    .transform((v) => v.split(',').filter(Boolean))
    .refine(
      (ids) => ids.length <= 200 && ids.every((id) => z.uuid().safeParse(id).success),
      'prediction.errors.invalidIds',
    ),
});

export function predictionRoutes(app: App, { prediction }: { prediction: PredictionService }) {
  app.get('/api/prediction/features', {
    config: { access: 'manage' },
    schema: {
      tags: ['prediction'],
      summary:
        'Features a model can use: built-in families, account columns and account attributes (with their guessed type)',
      response: {
        200: z.object({
          families: z.array(
            z.object({ key: z.string(), columns: z.array(z.object({ key: z.string(), kind: featureKind })) }),
          ),
          /** Built-in account columns usable by name, with how many accounts have them filled. */
          columns: z.array(z.object({ key: z.string(), kind: featureKind, accounts: z.number().int() })),
          attributes: z.array(z.object({ key: z.string(), kind: featureKind, accounts: z.number().int() })),
        }),
      },
    },
    handler: () => prediction.catalogue(),
  });

  app.post('/api/prediction/train', {
    config: { access: 'manage' },
    schema: {
      tags: ['prediction'],
      summary: 'Start training the churn model in the background; poll GET /api/prediction/jobs/:id',
      body: trainBody,
      response: { 202: jobSchema },
    },
    handler: async (request, reply) => {
      const job = await prediction.startTraining(request.actor, request.body);
      return reply.status(202).send({ ...job, error: null });
    },
  });

  app.get('/api/prediction/jobs/:id', {
    config: { access: 'manage' },
    schema: { tags: ['prediction'], params: idParams, response: { 200: jobSchema } },
    handler: async (request) => {
      const job = await prediction.job(request.params.id);
      const t = translator(requestLocale(request));
      return { ...job, error: job.error ? t(job.error.message, job.error.params) : null };
    },
  });

  app.get('/api/prediction/model', {
    config: { access: 'read' },
    schema: {
      tags: ['prediction'],
      summary: 'The latest trained model: validation, calibration, coefficients',
      response: { 200: z.object({ model: modelSchema.nullable() }) },
    },
    handler: async () => ({ model: await prediction.latestModel() }),
  });

  app.get('/api/prediction/accounts/:id', {
    config: { access: 'read' },
    schema: {
      tags: ['prediction'],
      summary: "An account's renewal probability and top factors (null before a model exists or for churned accounts)",
      params: idParams,
      response: { 200: z.object({ prediction: predictionSchema.nullable() }) },
    },
    handler: async (request) => ({ prediction: (await prediction.latestForAccounts([request.params.id]))[0] ?? null }),
  });

  app.get('/api/prediction/scores', {
    config: { access: 'read' },
    schema: {
      tags: ['prediction'],
      summary: 'Renewal probabilities of up to 200 accounts (the accounts list column)',
      querystring: idsQuery,
      response: {
        200: z.object({ items: z.array(z.object({ accountId: z.string(), renewalProbability: z.number() })) }),
      },
    },
    handler: async (request) => ({
      items: (await prediction.latestForAccounts(request.query.ids)).map((p) => ({
        accountId: p.accountId,
        renewalProbability: p.renewalProbability,
      })),
    }),
  });
}
