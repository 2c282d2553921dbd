import { z } from 'zod';
import { endpoint, idParams } from './endpoint.js';
import { moneyMinorSchema } from './money.js';

export const HANDOFF_GROUPS = ['basics', 'purchase', 'technical', 'outcomes', 'bant'] as const;

export const handoffFieldSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, 'errors.handoffFieldKey'),
  /** null for the built-in fields: their label comes from the catalogs (handoff.fields.<key>). */
  label: z.string().trim().min(1).max(200).nullable(),
  group: z.enum(HANDOFF_GROUPS),
  required: z.boolean(),
});
export type HandoffField = z.infer<typeof handoffFieldSchema>;

/** Seed 000-11: CS joins after close when all three are under these; otherwise at 70 % of the sales process. */
export const involvementThresholdsSchema = z.object({
  /** Deal size in minor units of the base currency (15,000.00 = 1,500,000). */
  dealSizeMinor: moneyMinorSchema,
  /** The seed says 30–60 days; the default is the middle. */
  salesCycleDays: z.number().int().min(1).max(3650),
  /** The seed says 2–4 weeks; the default is the middle. */
  implementationDays: z.number().int().min(1).max(3650),
});
export type InvolvementThresholds = z.infer<typeof involvementThresholdsSchema>;

export const handoffSettingsSchema = z.object({
  fields: z
    .array(handoffFieldSchema)
    .min(1)
    .max(100)
    .refine((f) => new Set(f.map((x) => x.key)).size === f.length, 'errors.duplicateField'),
  thresholds: involvementThresholdsSchema,
});
export type HandoffSettings = z.infer<typeof handoffSettingsSchema>;

const builtIn = (group: HandoffField['group'], ...keys: string[]): HandoffField[] =>
  keys.map((key) => ({ key, label: null, group, required: true }));

export const DEFAULT_HANDOFF_SETTINGS: HandoffSettings = {
  fields: [
    ...builtIn('basics', 'company_profile', 'key_contacts'),
    ...builtIn('purchase', 'products_bought', 'contract_terms'),
    ...builtIn('technical', 'technical_requirements', 'integrations'),
    ...builtIn('outcomes', 'expected_outcomes', 'success_criteria'),
    ...builtIn('bant', 'budget', 'authority', 'need', 'timeline'),
  ],
  thresholds: { dealSizeMinor: 1_500_000, salesCycleDays: 45, implementationDays: 21 },
};

export const handoffInputSchema = z.object({
  answers: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,59}$/), z.string().trim().max(5000)).optional(),
  dealSizeMinor: moneyMinorSchema.nullable().optional(),
  salesCycleDays: z.number().int().min(0).max(3650).nullable().optional(),
  implementationDays: z.number().int().min(0).max(3650).nullable().optional(),
});
export type HandoffInput = z.infer<typeof handoffInputSchema>;

export const involvementSchema = z.object({
  /** null until deal size, sales cycle and implementation time are all entered. */
  rule: z.enum(['after_close', 'at_70_percent']).nullable(),
  /** Each criterion compared with its threshold: what the UI explains the rule with. */
  checks: z.array(
    z.object({
      criterion: z.enum(['dealSize', 'salesCycle', 'implementation']),
      value: z.number().nullable(),
      threshold: z.number(),
      under: z.boolean().nullable(),
    }),
  ),
});
export type Involvement = z.infer<typeof involvementSchema>;
export type InvolvementRule = NonNullable<Involvement['rule']>;

/** Rule 1 (join after close) only when all three are under their thresholds; any one at or over → rule 2. */
export function involvementRule(
  input: { dealSizeMinor: number | null; salesCycleDays: number | null; implementationDays: number | null },
  t: InvolvementThresholds,
): Involvement {
  const checks = [
    { criterion: 'dealSize' as const, value: input.dealSizeMinor, threshold: t.dealSizeMinor },
    { criterion: 'salesCycle' as const, value: input.salesCycleDays, threshold: t.salesCycleDays },
    { criterion: 'implementation' as const, value: input.implementationDays, threshold: t.implementationDays },
  ].map((c) => ({ ...c, under: c.value === null ? null : c.value < c.threshold }));
  const rule = checks.some((c) => c.under === false)
    ? 'at_70_percent'
    : checks.every((c) => c.under === true)
      ? 'after_close'
      : null;
  return { rule, checks };
}

export const handoffViewSchema = z.object({
  accountId: z.string(),
  status: z.enum(['draft', 'handed_over']),
  answers: z.record(z.string(), z.string()),
  dealSizeMinor: z.number().nullable(),
  salesCycleDays: z.number().nullable(),
  implementationDays: z.number().nullable(),
  fields: z.array(handoffFieldSchema),
  missing: z.array(z.string()),
  involvement: involvementSchema,
  handedOverAt: z.date().nullable(),
  handedOverBy: z.string().nullable(),
  updatedAt: z.date().nullable(),
});
export type HandoffView = z.infer<typeof handoffViewSchema>;

/** The handoff API (src/shared/endpoint.ts). */
export const handoffApi = {
  get: endpoint({ method: 'GET', path: '/api/accounts/:id/handoff', params: idParams, response: handoffViewSchema }),
  save: endpoint({
    method: 'PUT',
    path: '/api/accounts/:id/handoff',
    params: idParams,
    body: handoffInputSchema,
    response: handoffViewSchema,
  }),
  complete: endpoint({
    method: 'POST',
    path: '/api/accounts/:id/handoff/complete',
    params: idParams,
    response: handoffViewSchema,
  }),
  settings: endpoint({ method: 'GET', path: '/api/settings/handoff', response: handoffSettingsSchema }),
  saveSettings: endpoint({
    method: 'PUT',
    path: '/api/settings/handoff',
    body: handoffSettingsSchema,
    response: handoffSettingsSchema,
  }),
};
