/** Renewal / churn prediction API: the zod schemas are the contract of the server routes and the web client. */
import { z } from 'zod';
import { endpoint, idParams, itemsOf, type Wire } from './endpoint.js';

export const featureKindSchema = z.enum(['numeric', 'categorical']);
export type FeatureKind = z.infer<typeof featureKindSchema>;

export const predictionFactorSchema = z.object({
  feature: z.string(),
  /** The account's level of a categorical feature, or null. */
  level: z.string().nullable(),
  label: z.string(),
  /** Log-odds of churn this feature adds (coefficient × standardised value). */
  contribution: z.number(),
  /** 'up' raises the renewal probability, 'down' lowers it. */
  direction: z.enum(['up', 'down']),
});
export type PredictionFactor = z.infer<typeof predictionFactorSchema>;

export const accountPredictionSchema = z.object({
  accountId: z.string(),
  renewalProbability: z.number(),
  topFactors: z.array(predictionFactorSchema),
  modelId: z.string(),
  computedAt: z.date(),
});
export type AccountPredictionView = Wire<z.infer<typeof accountPredictionSchema>>;

export const reliabilityBinSchema = z.object({
  from: z.number(),
  to: z.number(),
  count: z.number().int(),
  meanPredicted: z.number().nullable(),
  observedRate: z.number().nullable(),
});
export type ReliabilityBinView = z.infer<typeof reliabilityBinSchema>;

export const predictionModelSchema = z.object({
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
  calibration: z.array(reliabilityBinSchema),
  features: z.array(z.object({ key: z.string(), kind: featureKindSchema, family: z.string() })),
  coefficients: z.array(
    z.object({
      feature: z.string(),
      role: z.enum(['value', 'missing', 'level']),
      level: z.string().nullable(),
      coefficient: z.number(),
    }),
  ),
});
export type PredictionModelView = Wire<z.infer<typeof predictionModelSchema>>;

export const predictionJobSchema = z.object({
  id: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  progress: z.number().int(),
  modelId: z.string().nullable(),
  /** Why it failed, in the caller's language. */
  error: z.string().nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});
export type PredictionJobView = Wire<z.infer<typeof predictionJobSchema>>;

export const featureCatalogueSchema = z.object({
  families: z.array(
    z.object({ key: z.string(), columns: z.array(z.object({ key: z.string(), kind: featureKindSchema })) }),
  ),
  /** Built-in account columns usable by name (industry, employees, region, tier), with how many accounts have them filled. */
  columns: z.array(z.object({ key: z.string(), kind: featureKindSchema, accounts: z.number().int() })),
  attributes: z.array(z.object({ key: z.string(), kind: featureKindSchema, accounts: z.number().int() })),
});
export type FeatureCatalogueView = z.infer<typeof featureCatalogueSchema>;

export const trainInputSchema = z.object({
  /** Built-in families and/or account attributes (`name:numeric` / `name:categorical` override the type); all families when omitted. */
  features: z.array(z.string().trim().min(1).max(200)).max(300).optional(),
  horizonDays: z.number().int().min(1).max(730).optional(),
});

export const scoresQuerySchema = z.object({
  /** Comma-separated account ids, at most 200. */
  ids: z
    .string()
    .transform((v) => v.split(',').filter(Boolean))
    .refine(
      (ids) => ids.length <= 200 && ids.every((id) => z.uuid().safeParse(id).success),
      'prediction.errors.invalidIds',
    ),
});

/** The prediction API (src/shared/endpoint.ts). */
export const predictionApi = {
  features: endpoint({ method: 'GET', path: '/api/prediction/features', response: featureCatalogueSchema }),
  train: endpoint({
    method: 'POST',
    path: '/api/prediction/train',
    body: trainInputSchema,
    response: predictionJobSchema,
    status: 202,
  }),
  job: endpoint({ method: 'GET', path: '/api/prediction/jobs/:id', params: idParams, response: predictionJobSchema }),
  model: endpoint({
    method: 'GET',
    path: '/api/prediction/model',
    response: z.object({ model: predictionModelSchema.nullable() }),
  }),
  account: endpoint({
    method: 'GET',
    path: '/api/prediction/accounts/:id',
    params: idParams,
    response: z.object({ prediction: accountPredictionSchema.nullable() }),
  }),
  scores: endpoint({
    method: 'GET',
    path: '/api/prediction/scores',
    query: scoresQuerySchema,
    response: itemsOf(z.object({ accountId: z.string(), renewalProbability: z.number() })),
  }),
};

/** The built-in families, in the order the picker shows them. */
export const FEATURE_FAMILY_KEYS = [
  'usage',
  'core_modules',
  'activity_trend',
  'tickets',
  'nps',
  'health',
  'time_to_live',
  'tenure_days',
  'mrr',
  'seats',
  'segment',
] as const;
