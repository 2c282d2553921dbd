import { z } from 'zod';
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

export type InvolvementRule = 'after_close' | 'at_70_percent';

export interface Involvement {
  /** null until deal size, sales cycle and implementation time are all entered. */
  rule: InvolvementRule | null;
  /** Each criterion compared with its threshold: what the UI explains the rule with. */
  checks: {
    criterion: 'dealSize' | 'salesCycle' | 'implementation';
    value: number | null;
    threshold: number;
    under: boolean | null;
  }[];
}

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

export interface HandoffView {
  accountId: string;
  status: 'draft' | 'handed_over';
  answers: Record<string, string>;
  dealSizeMinor: number | null;
  salesCycleDays: number | null;
  implementationDays: number | null;
  fields: HandoffField[];
  missing: string[];
  involvement: Involvement;
  handedOverAt: Date | null;
  handedOverBy: string | null;
  updatedAt: Date | null;
}
