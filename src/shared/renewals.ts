import { z } from 'zod';
import { moneyMinorSchema } from './money.js';

/** Renewal centre vocabulary shared by the API and the web UI. */
export const RENEWAL_CATEGORIES = ['commit', 'likely', 'at_risk', 'lost'] as const;
export type RenewalCategory = (typeof RENEWAL_CATEGORIES)[number];

export const RENEWAL_OUTCOMES = ['renewed', 'expanded', 'downgraded', 'churned'] as const;
export type RenewalOutcome = (typeof RENEWAL_OUTCOMES)[number];

/**
 * Why customers leave, from seed 004's renewal factors (core-module use, activity, onboarding,
 * support) and the usual commercial causes; "other" takes a comment.
 */
export const CHURN_REASONS = [
  'price_budget',
  'product_fit',
  'low_adoption',
  'poor_onboarding',
  'support_quality',
  'champion_left',
  'competitor',
  'business_closed',
  'other',
] as const;
export type ChurnReason = (typeof CHURN_REASONS)[number];

/**
 * The fallback renewal probability of each category when no model prediction is available.
 * "lost" is 0 whatever the model says: somebody was told.
 */
export const CATEGORY_PROBABILITY: Record<RenewalCategory, number> = {
  commit: 0.95,
  likely: 0.75,
  at_risk: 0.35,
  lost: 0,
};

export const RACI_ACTIVITIES = ['renewal_plan', 'value_review', 'negotiation', 'paperwork', 'risk_escalation'] as const;
export const RACI_PARTIES = ['csm', 'renewal_manager', 'cs_manager', 'sales'] as const;
export const RACI_LETTERS = ['R', 'A', 'C', 'I'] as const;
export type RaciActivity = (typeof RACI_ACTIVITIES)[number];
export type RaciParty = (typeof RACI_PARTIES)[number];
export type RaciLetter = (typeof RACI_LETTERS)[number];
export type RaciMatrix = Record<RaciActivity, Partial<Record<RaciParty, RaciLetter>>>;

export const OPPORTUNITY_STAGES = ['identified', 'qualified', 'proposal', 'won', 'lost'] as const;
export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number];
export const OPPORTUNITY_SOURCES = ['rule', 'support', 'manual'] as const;

export const ADVOCACY_KINDS = ['reference_call', 'case_study', 'review', 'referral', 'event_speaker'] as const;
export const ADVOCACY_STAGES = ['candidate', 'asked', 'agreed', 'done', 'declined'] as const;
export const REFERRAL_STATUSES = ['introduced', 'in_talks', 'won', 'lost'] as const;

export const RENEWAL_SORTS = ['renewsOn', 'arr', 'name', 'probability', 'lastTouch'] as const;

const day = z.iso.date();

export const renewalListQuery = z.object({
  days: z.coerce.number().int().min(1).max(366).default(90),
  ownerId: z.uuid().optional(),
  segmentId: z.uuid().optional(),
  category: z.enum(RENEWAL_CATEGORIES).optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(RENEWAL_SORTS).default('renewsOn'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type RenewalListQuery = z.infer<typeof renewalListQuery>;

export const categoryInput = z.object({
  renewsOn: day,
  /** null clears the hand-set category and brings back the default. */
  category: z.enum(RENEWAL_CATEGORIES).nullable(),
});

export const outcomeInput = z
  .object({
    renewsOn: day,
    outcome: z.enum(RENEWAL_OUTCOMES),
    churnReason: z.enum(CHURN_REASONS).optional(),
    comment: z.string().trim().max(2000).optional(),
    /** ARR after the renewal (expanded / downgraded), base currency minor units. */
    newArrMinor: moneyMinorSchema.optional(),
  })
  .refine((v) => v.outcome !== 'churned' || v.churnReason !== undefined, {
    path: ['churnReason'],
    message: 'errors.churnReasonRequired',
  })
  .refine((v) => v.churnReason !== 'other' || (v.comment ?? '') !== '', {
    path: ['comment'],
    message: 'errors.commentRequired',
  });
export type OutcomeInput = z.infer<typeof outcomeInput>;

export const opportunityInput = z.object({
  accountId: z.uuid(),
  title: z.string().trim().min(1).max(300),
  source: z.enum(OPPORTUNITY_SOURCES).default('manual'),
  sourceRef: z.string().trim().min(1).max(200).optional(),
  ticketId: z.uuid().optional(),
  stage: z.enum(OPPORTUNITY_STAGES).default('identified'),
  amountMinor: moneyMinorSchema.default(0),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  ownerId: z.uuid().nullable().optional(),
  expectedCloseOn: day.nullable().optional(),
  product: z.string().trim().max(200).nullable().optional(),
  notes: z.string().trim().max(4000).nullable().optional(),
});
export type OpportunityInput = z.input<typeof opportunityInput>;

// Spelled out rather than .partial(): the input's defaults would otherwise fill in absent fields.
export const opportunityPatch = z.object({
  title: z.string().trim().min(1).max(300).optional(),
  stage: z.enum(OPPORTUNITY_STAGES).optional(),
  amountMinor: moneyMinorSchema.optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  ownerId: z.uuid().nullable().optional(),
  expectedCloseOn: day.nullable().optional(),
  product: z.string().trim().max(200).nullable().optional(),
  notes: z.string().trim().max(4000).nullable().optional(),
});
export type OpportunityPatch = z.infer<typeof opportunityPatch>;

export const advocateInput = z.object({
  accountId: z.uuid(),
  kind: z.enum(ADVOCACY_KINDS),
  stage: z.enum(ADVOCACY_STAGES).default('candidate'),
  contactId: z.uuid().nullable().optional(),
  notes: z.string().trim().max(4000).nullable().optional(),
});
export const advocatePatch = z.object({
  stage: z.enum(ADVOCACY_STAGES).optional(),
  notes: z.string().trim().max(4000).nullable().optional(),
});

export const referralInput = z.object({
  accountId: z.uuid(),
  referredCompany: z.string().trim().min(1).max(300),
  status: z.enum(REFERRAL_STATUSES).default('introduced'),
  referredAccountId: z.uuid().nullable().optional(),
  notes: z.string().trim().max(4000).nullable().optional(),
});
export const referralPatch = z.object({
  referredCompany: z.string().trim().min(1).max(300).optional(),
  status: z.enum(REFERRAL_STATUSES).optional(),
  referredAccountId: z.uuid().nullable().optional(),
  notes: z.string().trim().max(4000).nullable().optional(),
});
