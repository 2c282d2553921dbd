import { z } from 'zod';
import { endpoint, idParams } from './endpoint.js';

/**
 * ICP fit and customer maturity (docs/fit-and-maturity.md). A fit criterion is a BANT answer recorded at
 * handoff or a firmographic field of the account, a rule and the points it is worth; the fit score is the
 * share of the active criteria's points an account meets, 0–100, and its grade A–D.
 */
export const BANT_KEYS = ['budget', 'authority', 'need', 'timeline'] as const;
export const FIRMOGRAPHIC_FIELDS = ['industry', 'region', 'tier', 'employees', 'arr', 'plan'] as const;
export const FIT_RULES = ['answered', 'one_of', 'contains', 'range'] as const;
export type FitRule = (typeof FIT_RULES)[number];

const FIELD =
  /^(bant\.(budget|authority|need|timeline)|industry|region|tier|employees|arr|plan|attributes\.[\p{L}\p{N}_\- .]{1,100})$/u;
export const isFitField = (field: string) => FIELD.test(field);
/** Fields compared as numbers by `range` (ARR in base-currency minor units). */
export const NUMERIC_FIT_FIELDS: readonly string[] = ['employees', 'arr'];

export const fitCriterionInputSchema = z
  .object({
    field: z.string().max(120).refine(isFitField, 'errors.fitField'),
    rule: z.enum(FIT_RULES),
    values: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
    min: z.number().finite().nullable().default(null),
    max: z.number().finite().nullable().default(null),
    points: z.number().int().min(1).max(100),
    label: z.string().trim().max(200).nullable().default(null),
    active: z.boolean().default(true),
  })
  .superRefine((c, ctx) => {
    if ((c.rule === 'one_of' || c.rule === 'contains') && !c.values.length)
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'errors.fitValues' });
    if (c.rule === 'range') {
      if (c.min === null && c.max === null) ctx.addIssue({ code: 'custom', path: ['min'], message: 'errors.fitRange' });
      else if (c.min !== null && c.max !== null && c.min > c.max)
        ctx.addIssue({ code: 'custom', path: ['max'], message: 'errors.fitRangeOrder' });
    }
  });
export type FitCriterionInput = z.input<typeof fitCriterionInputSchema>;

export const fitCriteriaInputSchema = z.object({ criteria: z.array(fitCriterionInputSchema).max(50) });

export const fitCriterionSchema = z.object({
  id: z.string(),
  field: z.string(),
  rule: z.enum(FIT_RULES),
  values: z.array(z.string()),
  min: z.number().nullable(),
  max: z.number().nullable(),
  points: z.number().int(),
  label: z.string().nullable(),
  active: z.boolean(),
});
export type FitCriterion = z.infer<typeof fitCriterionSchema>;

export const FIT_GRADES = ['A', 'B', 'C', 'D'] as const;
export type FitGrade = (typeof FIT_GRADES)[number];
/** A from 80, B from 60, C from 40, D under 40. */
export const FIT_GRADE_FLOORS: Record<FitGrade, number> = { A: 80, B: 60, C: 40, D: 0 };
export function fitGrade(score: number): FitGrade {
  return FIT_GRADES.find((g) => score >= FIT_GRADE_FLOORS[g]) ?? 'D';
}

export const accountFitSchema = z.object({
  accountId: z.string(),
  /** null when no criterion is active. */
  score: z.number().int().nullable(),
  grade: z.enum(FIT_GRADES).nullable(),
  points: z.number().int(),
  totalPoints: z.number().int(),
  criteria: z.array(
    fitCriterionSchema.extend({
      /** The account's value for the field (the answer, the industry …); null when not recorded. */
      value: z.string().nullable(),
      /** hit: met; missed: recorded and not met; unknown: not recorded (counts as not met). */
      status: z.enum(['hit', 'missed', 'unknown']),
    }),
  ),
});
export type AccountFit = z.infer<typeof accountFitSchema>;

/** Customer maturity: four dimensions, each 1–4; the level names of 1–4. */
export const MATURITY_DIMENSIONS = ['cognition', 'strategy', 'people', 'tools'] as const;
export type MaturityDimension = (typeof MATURITY_DIMENSIONS)[number];
export const CUSTOMER_MATURITY_LEVELS = ['immature', 'low', 'medium', 'high'] as const;
export type CustomerMaturityLevel = (typeof CUSTOMER_MATURITY_LEVELS)[number];

/**
 * The overall level: the mean of the four dimensions rounded down, and at most one level above the
 * weakest dimension — a customer without the people or the tools to act on a strategy cannot use what
 * a medium or high customer uses. (4,4,4,4) high; (4,4,3,3) medium; (4,4,4,1) low; (2,2,1,1) immature.
 */
export function customerMaturityLevel(d: Record<MaturityDimension, number>): CustomerMaturityLevel {
  const values = MATURITY_DIMENSIONS.map((k) => d[k]);
  const mean = Math.floor(values.reduce((s, v) => s + v, 0) / values.length);
  const level = Math.min(mean, Math.min(...values) + 1);
  return CUSTOMER_MATURITY_LEVELS[level - 1]!;
}

const dimension = z.number().int().min(1).max(4);
export const customerMaturityInputSchema = z.object({
  cognition: dimension,
  strategy: dimension,
  people: dimension,
  tools: dimension,
  note: z.string().trim().max(2000).nullable().optional(),
});
export type CustomerMaturityInput = z.infer<typeof customerMaturityInputSchema>;

export const customerMaturitySchema = z.object({
  id: z.string(),
  accountId: z.string(),
  cognition: z.number().int(),
  strategy: z.number().int(),
  people: z.number().int(),
  tools: z.number().int(),
  level: z.enum(CUSTOMER_MATURITY_LEVELS),
  note: z.string().nullable(),
  assessedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  assessedAt: z.date(),
});
export type CustomerMaturity = z.infer<typeof customerMaturitySchema>;

export const fitApi = {
  criteria: endpoint({
    method: 'GET',
    path: '/api/settings/fit',
    response: z.object({ criteria: z.array(fitCriterionSchema) }),
  }),
  saveCriteria: endpoint({
    method: 'PUT',
    path: '/api/settings/fit',
    body: fitCriteriaInputSchema,
    response: z.object({ criteria: z.array(fitCriterionSchema) }),
  }),
  account: endpoint({ method: 'GET', path: '/api/accounts/:id/fit', params: idParams, response: accountFitSchema }),
  maturity: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/maturity',
    params: idParams,
    response: z.object({ current: customerMaturitySchema.nullable(), history: z.array(customerMaturitySchema) }),
  }),
  assessMaturity: endpoint({
    method: 'POST',
    path: '/api/accounts/:id/maturity',
    params: idParams,
    body: customerMaturityInputSchema,
    response: customerMaturitySchema,
    status: 201,
  }),
};
