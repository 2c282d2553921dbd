/** Health-score API contracts, shared by the server (validation) and the web client (types). */
import { z } from 'zod';
import { endpoint, idParams, itemsOf, okResponse, type Wire } from './endpoint.js';

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.day')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'errors.day');
export { isoDay as healthDaySchema };

/** The measure catalogue (src/modules/health/measures.ts holds the SQL of each). */
export const MEASURE_TYPES = [
  'active_users_per_seat',
  'core_module_breadth',
  'key_behaviour_frequency',
  'days_since_last_activity',
  'usage_trend',
  'open_tickets',
  'urgent_tickets',
  'ticket_trend',
  'nps_latest',
  'nps_average',
  'billing_status',
  'milestones_on_time',
  'csm_sentiment',
  'custom_attribute',
] as const;
export type MeasureType = (typeof MEASURE_TYPES)[number];

export const HEALTH_COLORS = ['red', 'yellow', 'green'] as const;
export type HealthColor = (typeof HEALTH_COLORS)[number];

export const measureInputSchema = z
  .object({
    type: z.enum(MEASURE_TYPES),
    attributeKey: z.string().trim().min(1).max(100).nullable().optional(),
    weight: z.number().positive().max(1000),
    /** The raw value scoring 0 and the one scoring 100; good < bad means lower is better. */
    bad: z.number().finite(),
    good: z.number().finite(),
  })
  .refine((m) => m.bad !== m.good, { message: 'errors.healthBadEqualsGood', path: ['good'] })
  .refine((m) => m.type !== 'custom_attribute' || Boolean(m.attributeKey), {
    message: 'errors.healthAttributeKey',
    path: ['attributeKey'],
  });
export type MeasureInput = z.infer<typeof measureInputSchema>;

const scorecardFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).nullable().optional(),
  redBelow: z.number().min(0).max(100),
  greenFrom: z.number().min(0).max(100),
  segmentIds: z.array(z.uuid()).max(50),
  maxTenureDays: z.number().int().positive().max(3650).nullable().optional(),
  active: z.boolean(),
  primary: z.boolean(),
  measures: z.array(measureInputSchema).min(1, 'errors.healthNoMeasures').max(30),
};

export const scorecardInputSchema = z
  .object({
    ...scorecardFields,
    redBelow: scorecardFields.redBelow.default(40),
    greenFrom: scorecardFields.greenFrom.default(70),
    segmentIds: scorecardFields.segmentIds.default([]),
    active: scorecardFields.active.default(true),
    primary: scorecardFields.primary.default(false),
  })
  .refine((s) => s.redBelow <= s.greenFrom, { message: 'errors.healthColorOrder', path: ['greenFrom'] });
export type ScorecardInput = z.input<typeof scorecardInputSchema>;
export type ScorecardValues = z.output<typeof scorecardInputSchema>;

export const scorecardPatchSchema = z
  .object(scorecardFields)
  .partial()
  .refine((s) => s.redBelow === undefined || s.greenFrom === undefined || s.redBelow <= s.greenFrom, {
    message: 'errors.healthColorOrder',
    path: ['greenFrom'],
  });
export type ScorecardPatch = z.infer<typeof scorecardPatchSchema>;

export const measureSchema = z.object({
  id: z.string(),
  type: z.enum(MEASURE_TYPES),
  attributeKey: z.string().nullable(),
  weight: z.number(),
  bad: z.number(),
  good: z.number(),
});
export type Measure = z.infer<typeof measureSchema>;

export const scorecardSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  redBelow: z.number(),
  greenFrom: z.number(),
  segmentIds: z.array(z.string()),
  maxTenureDays: z.number().nullable(),
  active: z.boolean(),
  primary: z.boolean(),
  measures: z.array(measureSchema),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Scorecard = z.infer<typeof scorecardSchema>;
/** A scorecard as the web client receives it (dates as ISO strings). */
export type ScorecardWire = Wire<Scorecard>;

export const trendSchema = z.enum(['up', 'down', 'flat']).nullable();
export type Trend = z.infer<typeof trendSchema>;

export const currentHealthSchema = z.object({
  accountId: z.string(),
  scorecardId: z.string(),
  scorecardName: z.string(),
  primary: z.boolean(),
  score: z.number(),
  color: z.enum(HEALTH_COLORS),
  day: z.string(),
  trend7: trendSchema,
  trend30: trendSchema,
});
export type CurrentHealth = z.infer<typeof currentHealthSchema>;

export const measureValueSchema = z.object({
  measureId: z.string(),
  type: z.enum(MEASURE_TYPES),
  attributeKey: z.string().nullable(),
  /** null: no data — left out of the weighting. */
  value: z.number().nullable(),
  score: z.number().nullable(),
  weight: z.number(),
  /** The weight renormalised over the measures present that day (0–1). */
  share: z.number(),
});
export type MeasureValue = z.infer<typeof measureValueSchema>;

export const changeSchema = z.object({
  measureId: z.string(),
  type: z.enum(MEASURE_TYPES),
  attributeKey: z.string().nullable(),
  /** Points this measure moved the score by between the two days. */
  points: z.number(),
  fromScore: z.number().nullable(),
  toScore: z.number().nullable(),
});
export type Change = z.infer<typeof changeSchema>;

export const accountScorecardHealthSchema = currentHealthSchema.extend({
  measures: z.array(measureValueSchema),
  history: z.array(z.object({ day: z.string(), score: z.number(), color: z.enum(HEALTH_COLORS) })),
  /** What moved the score from `since` to `day`, largest first. */
  since: z.string().nullable(),
  changes: z.array(changeSchema),
});
export type AccountScorecardHealth = z.infer<typeof accountScorecardHealthSchema>;

export const sentimentSchema = z.object({
  value: z.number().int(),
  comment: z.string().nullable(),
  setOn: z.string(),
  expiresOn: z.string(),
  setBy: z.string().nullable(),
  /** False once the expiry date has passed: an expired sentiment counts as missing. */
  current: z.boolean(),
});
export type Sentiment = z.infer<typeof sentimentSchema>;

export const sentimentInputSchema = z.object({
  value: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).nullable().optional(),
  expiresOn: isoDay,
});

export const contactHealthSchema = z.object({
  contactId: z.string().nullable(),
  person: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  activeDays30: z.number().int(),
  lastSeenAt: z.date().nullable(),
  npsLatest: z.number().nullable(),
  score: z.number().nullable(),
  color: z.enum(HEALTH_COLORS).nullable(),
});
export type ContactHealth = z.infer<typeof contactHealthSchema>;

export const accountHealthSchema = z.object({
  accountId: z.string(),
  scorecards: z.array(accountScorecardHealthSchema),
  sentiment: sentimentSchema.nullable(),
  contacts: z.array(contactHealthSchema),
});
export type AccountHealth = z.infer<typeof accountHealthSchema>;

export const backtestQuerySchema = z
  .object({
    scorecardId: z.uuid().optional(),
    from: isoDay.optional(),
    to: isoDay.optional(),
    leadDays: z.coerce.number().int().min(1).max(365).default(90),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'errors.dayOrder', path: ['to'] });
export type BacktestQuery = z.input<typeof backtestQuerySchema>;

export const backtestSchema = z.object({
  scorecardId: z.string(),
  scorecardName: z.string(),
  from: z.string(),
  to: z.string(),
  leadDays: z.number().int(),
  /** Renewal events in the period, and those the score could rate (some measure had data). */
  events: z.number().int(),
  scored: z.number().int(),
  churned: z.number().int(),
  renewed: z.number().int(),
  /** null when one of the two groups is empty. */
  auc: z.number().nullable(),
  verdict: z.enum(['predictive', 'weak', 'not_predictive', 'insufficient']),
  bands: z.array(
    z.object({
      color: z.enum(HEALTH_COLORS),
      accounts: z.number().int(),
      churned: z.number().int(),
      churnRate: z.number().nullable(),
    }),
  ),
  /** False-positive rate → true-positive rate, a churned account counting as a positive at low scores. */
  roc: z.array(z.object({ fpr: z.number(), tpr: z.number() })),
});
export type Backtest = z.infer<typeof backtestSchema>;

/** A measure type with its typical thresholds (the catalogue the scorecard editor starts from). */
export const measureDefaultsSchema = z.object({ type: z.enum(MEASURE_TYPES), bad: z.number(), good: z.number() });

export const recomputeInputSchema = z.object({
  asOfDay: isoDay.optional(),
  accountIds: z.array(z.uuid()).max(10_000).optional(),
});
export const recomputeResultSchema = z.object({
  accounts: z.number().int(),
  scorecards: z.number().int(),
  days: z.number().int(),
  seconds: z.number(),
});
export type RecomputeResult = z.infer<typeof recomputeResultSchema>;

export const currentHealthQuerySchema = z.object({
  /** Comma-separated account ids. */
  accountIds: z
    .string()
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(z.uuid()).max(500)),
});

export const accountHealthQuerySchema = z.object({
  since: isoDay.optional(),
  days: z.coerce.number().int().min(7).max(730).optional(),
});

/** The health-score API (src/shared/endpoint.ts). */
export const healthApi = {
  measures: endpoint({ method: 'GET', path: '/api/health/measures', response: itemsOf(measureDefaultsSchema) }),
  scorecards: endpoint({ method: 'GET', path: '/api/health/scorecards', response: itemsOf(scorecardSchema) }),
  createScorecard: endpoint({
    method: 'POST',
    path: '/api/health/scorecards',
    body: scorecardInputSchema,
    response: scorecardSchema,
    status: 201,
  }),
  scorecard: endpoint({
    method: 'GET',
    path: '/api/health/scorecards/:id',
    params: idParams,
    response: scorecardSchema,
  }),
  updateScorecard: endpoint({
    method: 'PATCH',
    path: '/api/health/scorecards/:id',
    params: idParams,
    body: scorecardPatchSchema,
    response: scorecardSchema,
  }),
  removeScorecard: endpoint({
    method: 'DELETE',
    path: '/api/health/scorecards/:id',
    params: idParams,
    response: okResponse,
  }),
  recompute: endpoint({
    method: 'POST',
    path: '/api/health/recompute',
    body: recomputeInputSchema,
    response: recomputeResultSchema,
  }),
  current: endpoint({
    method: 'GET',
    path: '/api/health/current',
    query: currentHealthQuerySchema,
    response: itemsOf(currentHealthSchema),
  }),
  account: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/health',
    params: idParams,
    query: accountHealthQuerySchema,
    response: accountHealthSchema,
  }),
  setSentiment: endpoint({
    method: 'PUT',
    path: '/api/accounts/:id/health/sentiment',
    params: idParams,
    body: sentimentInputSchema,
    response: sentimentSchema,
  }),
  backtest: endpoint({
    method: 'GET',
    path: '/api/health/backtest',
    query: backtestQuerySchema,
    response: backtestSchema,
  }),
};
