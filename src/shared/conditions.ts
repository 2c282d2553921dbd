import { z } from 'zod';

/**
 * The filter language shared by the accounts list and saved segments: conditions over account
 * columns and custom attributes (`attributes.<key>`). Metrics join the field list as they arrive.
 */
export const ACCOUNT_FIELDS = {
  name: 'text',
  external_id: 'text',
  domain: 'text',
  industry: 'text',
  region: 'text',
  tier: 'text',
  lifecycle_stage: 'text',
  owner_id: 'text',
  sales_owner_id: 'text',
  parent_id: 'text',
  employees: 'number',
  first_paid_on: 'date',
  churned_on: 'date',
  created_at: 'date',
} as const;
export type AccountField = keyof typeof ACCOUNT_FIELDS;

export const OPERATORS = ['eq', 'neq', 'in', 'not_in', 'contains', 'starts_with', 'gt', 'gte', 'lt', 'lte', 'is_empty', 'not_empty'] as const;
export type Operator = (typeof OPERATORS)[number];

const scalar = z.union([z.string().max(500), z.number(), z.boolean()]);

export const conditionSchema = z
  .object({
    field: z
      .string()
      .refine((f) => f in ACCOUNT_FIELDS || /^attributes\.[\p{L}\p{N}_\- .]{1,100}$/u.test(f), { message: 'errors.unknownField' }),
    op: z.enum(OPERATORS),
    value: z.union([scalar, z.array(scalar).max(500)]).optional(),
  })
  .refine((c) => c.op === 'is_empty' || c.op === 'not_empty' || c.value !== undefined, {
    path: ['value'],
    message: 'value is required for this operator',
  })
  .refine((c) => (c.op === 'in' || c.op === 'not_in') === Array.isArray(c.value) || c.value === undefined, {
    path: ['value'],
    message: 'in / not_in take a list; the other operators take a single value',
  });
export type Condition = z.infer<typeof conditionSchema>;

export const ruleSetSchema = z.object({
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(conditionSchema).min(1, { message: 'errors.segmentRequired' }).max(50),
});
export type RuleSet = z.infer<typeof ruleSetSchema>;
