import { z } from 'zod';
import { endpoint, idParams, itemsOf, okResponse, pageQuery, paged, type Wire } from './endpoint.js';
import { MAX_MONEY_MINOR, moneyMinorSchema } from './money.js';

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

// The renewal centre's answers (src/modules/renewals): money in integer minor units of `currency`.
const color = z.enum(['green', 'yellow', 'red']).nullable();

export const renewalSchema = z.object({
  accountId: z.string(),
  accountName: z.string(),
  externalId: z.string().nullable(),
  renewsOn: z.string(),
  daysLeft: z.number().int(),
  termMonths: z.number().int().nullable(),
  fixedEnd: z.boolean(),
  arrMinor: z.number().int(),
  currency: z.string(),
  health: z.object({ score: z.number().nullable(), color }).nullable(),
  modelProbability: z.number().nullable(),
  probability: z.number(),
  probabilitySource: z.enum(['model', 'category', 'outcome']),
  category: z.enum(RENEWAL_CATEGORIES),
  categorySetByHand: z.boolean(),
  categorySetByName: z.string().nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  segmentId: z.string().nullable(),
  segmentName: z.string().nullable(),
  renewalManagerId: z.string().nullable(),
  renewalManagerName: z.string().nullable(),
  lastTouchAt: z.date().nullable(),
  outcome: z.enum(RENEWAL_OUTCOMES).nullable(),
  churnReason: z.enum(CHURN_REASONS).nullable(),
});

const figures = {
  renewals: z.number().int(),
  pipelineMinor: z.number().int(),
  forecastMinor: z.number().int(),
  committedMinor: z.number().int(),
};
const group = z.object({ id: z.string().nullable(), name: z.string().nullable(), ...figures });
export const forecastSchema = z.object({
  asOf: z.string(),
  currency: z.string(),
  modelAvailable: z.boolean(),
  windows: z.array(
    z.object({
      days: z.number().int(),
      ...figures,
      byOwner: z.array(group),
      bySegment: z.array(group),
      sources: z.object({ model: z.number().int(), category: z.number().int(), outcome: z.number().int() }),
    }),
  ),
});
export const targetSchema = z.object({
  days: z.number().int(),
  currency: z.string(),
  targetMinor: z.number().int(),
  forecastMinor: z.number().int(),
  gapMinor: z.number().int(),
  healthyLevel: z.number(),
  reachable: z.boolean(),
  accounts: z.array(
    z.object({
      accountId: z.string(),
      accountName: z.string(),
      arrMinor: z.number().int(),
      probability: z.number(),
      gainMinor: z.number().int(),
    }),
  ),
});

const letters = z.enum(RACI_LETTERS);
export const raciMatrix = z.object(
  Object.fromEntries(
    RACI_ACTIVITIES.map((a) => [a, z.object(Object.fromEntries(RACI_PARTIES.map((p) => [p, letters.optional()])))]),
  ) as Record<
    (typeof RACI_ACTIVITIES)[number],
    z.ZodObject<Record<(typeof RACI_PARTIES)[number], z.ZodOptional<typeof letters>>>
  >,
);
export const raciSchema = z.object({
  defaultMatrix: raciMatrix,
  segments: z.array(z.object({ segmentId: z.string(), matrix: raciMatrix })),
});

export const outcomeGroup = z.object({
  key: z.string(),
  count: z.number().int(),
  arrMinor: z.number().int(),
  newArrMinor: z.number().int(),
});

export type Renewal = Wire<z.output<typeof renewalSchema>>;
export type Forecast = Wire<z.output<typeof forecastSchema>>;
export type ForecastGroup = Wire<z.output<typeof group>>;
export type TargetResult = Wire<z.output<typeof targetSchema>>;
export type OutcomeGroup = Wire<z.output<typeof outcomeGroup>>;
export type Raci = Wire<z.output<typeof raciSchema>>;

export const renewalOutcomeSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  renewsOn: z.string(),
  outcome: z.enum(RENEWAL_OUTCOMES),
  churnReason: z.enum(CHURN_REASONS).nullable(),
  arrMinor: z.number().int(),
  newArrMinor: z.number().int().nullable(),
  recordedBy: z.string(),
  recordedAt: z.date(),
});

export const outcomesReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  total: z.object({ count: z.number().int(), arrMinor: z.number().int(), newArrMinor: z.number().int() }),
  byOutcome: z.array(outcomeGroup),
  byReason: z.array(outcomeGroup),
});
export type OutcomesReport = Wire<z.output<typeof outcomesReportSchema>>;

/** The renewal centre API: the list, the forecast and its target, categories, outcomes, RACI, managers. */
export const renewalsApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/renewals',
    query: renewalListQuery,
    response: z.object({
      items: z.array(renewalSchema),
      total: z.number().int(),
      arrMinor: z.number().int(),
      currency: z.string(),
      sources: z.object({ health: z.boolean(), prediction: z.boolean() }),
    }),
  }),
  forecast: endpoint({
    method: 'GET',
    path: '/api/renewals/forecast',
    query: z.object({ ownerId: z.uuid().optional(), segmentId: z.uuid().optional() }),
    response: forecastSchema,
  }),
  target: endpoint({
    method: 'GET',
    path: '/api/renewals/forecast/target',
    query: z.object({
      days: z.coerce.number().int().min(1).max(180).default(90),
      targetMinor: z.coerce.number().int().min(0).max(MAX_MONEY_MINOR),
    }),
    response: targetSchema,
  }),
  setCategory: endpoint({
    method: 'PUT',
    path: '/api/renewals/:id/category',
    params: idParams,
    body: categoryInput,
    response: okResponse,
  }),
  recordOutcome: endpoint({
    method: 'POST',
    path: '/api/renewals/:id/outcome',
    params: idParams,
    body: outcomeInput,
    response: renewalOutcomeSchema,
  }),
  outcomes: endpoint({
    method: 'GET',
    path: '/api/renewals/outcomes',
    query: z.object({ from: day, to: day }),
    response: outcomesReportSchema,
  }),
  raci: endpoint({ method: 'GET', path: '/api/renewals/raci', response: raciSchema }),
  saveRaci: endpoint({
    method: 'PUT',
    path: '/api/renewals/raci',
    body: z.object({ segmentId: z.uuid().nullable(), matrix: raciMatrix }),
    response: raciSchema,
  }),
  managers: endpoint({
    method: 'GET',
    path: '/api/renewals/managers',
    response: itemsOf(z.object({ segmentId: z.string(), userId: z.string().nullable(), name: z.string().nullable() })),
  }),
  setManager: endpoint({
    method: 'PUT',
    path: '/api/renewals/managers/:id',
    params: idParams,
    body: z.object({ userId: z.uuid().nullable() }),
    response: okResponse,
  }),
};

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
export type AdvocateInput = z.input<typeof advocateInput>;
export const advocatePatch = z.object({
  stage: z.enum(ADVOCACY_STAGES).optional(),
  notes: z.string().trim().max(4000).nullable().optional(),
});

export type AdvocatePatch = z.input<typeof advocatePatch>;

export const referralInput = z.object({
  accountId: z.uuid(),
  referredCompany: z.string().trim().min(1).max(300),
  status: z.enum(REFERRAL_STATUSES).default('introduced'),
  referredAccountId: z.uuid().nullable().optional(),
  notes: z.string().trim().max(4000).nullable().optional(),
});
export type ReferralInput = z.input<typeof referralInput>;
export const referralPatch = z.object({
  referredCompany: z.string().trim().min(1).max(300).optional(),
  status: z.enum(REFERRAL_STATUSES).optional(),
  referredAccountId: z.uuid().nullable().optional(),
  notes: z.string().trim().max(4000).nullable().optional(),
});

export type ReferralPatch = z.input<typeof referralPatch>;

// Expansion opportunities and advocacy (src/modules/renewals: expansion and advocacy services).
export const opportunitySchema = z.object({
  id: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  title: z.string(),
  source: z.enum(OPPORTUNITY_SOURCES),
  sourceRef: z.string().nullable(),
  ticketId: z.string().nullable(),
  stage: z.enum(OPPORTUNITY_STAGES),
  amountMinor: z.number().int(),
  currency: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  expectedCloseOn: z.string().nullable(),
  product: z.string().nullable(),
  notes: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  closedAt: z.date().nullable(),
});
export const advocateSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  contactId: z.string().nullable(),
  kind: z.enum(ADVOCACY_KINDS),
  stage: z.enum(ADVOCACY_STAGES),
  notes: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export const referralSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  referredCompany: z.string(),
  status: z.enum(REFERRAL_STATUSES),
  referredAccountId: z.string().nullable(),
  referredAccountName: z.string().nullable(),
  becameCustomer: z.boolean(),
  notes: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const accountQuery = z.object({ accountId: z.uuid().optional() });

export const stageTotalSchema = z.object({
  stage: z.enum(OPPORTUNITY_STAGES),
  count: z.number().int(),
  amounts: z.array(z.object({ currency: z.string(), amountMinor: z.number().int() })),
});
export const stageChangeSchema = z.object({
  fromStage: z.enum(OPPORTUNITY_STAGES).nullable(),
  toStage: z.enum(OPPORTUNITY_STAGES),
  actorName: z.string().nullable(),
  at: z.date(),
});
export const advocacyCandidateSchema = z.object({
  accountId: z.string(),
  accountName: z.string(),
  ownerName: z.string().nullable(),
  npsScore: z.number().int(),
  npsAt: z.date(),
  trackedKinds: z.array(z.string()),
});
export type Opportunity = Wire<z.output<typeof opportunitySchema>>;
export type StageTotal = Wire<z.output<typeof stageTotalSchema>>;
export type Advocate = Wire<z.output<typeof advocateSchema>>;
export type Referral = Wire<z.output<typeof referralSchema>>;
export type Candidate = Wire<z.output<typeof advocacyCandidateSchema>>;

/** Expansion opportunities and the advocacy programme (promoters, advocates, referrals). */
export const expansionApi = {
  opportunities: endpoint({
    method: 'GET',
    path: '/api/opportunities',
    query: pageQuery.extend({ accountId: z.uuid().optional(), stage: z.enum(OPPORTUNITY_STAGES).optional() }),
    response: paged(opportunitySchema).extend({ byStage: z.array(stageTotalSchema) }),
  }),
  /** 201 when created; 200 with created false when the source reference already had one (the reply is that one). */
  createOpportunity: endpoint({
    method: 'POST',
    path: '/api/opportunities',
    body: opportunityInput,
    response: opportunitySchema.extend({ created: z.boolean() }),
    status: 201,
  }),
  updateOpportunity: endpoint({
    method: 'PATCH',
    path: '/api/opportunities/:id',
    params: idParams,
    body: opportunityPatch,
    response: opportunitySchema,
  }),
  opportunityHistory: endpoint({
    method: 'GET',
    path: '/api/opportunities/:id/history',
    params: idParams,
    response: itemsOf(stageChangeSchema),
  }),
  candidates: endpoint({ method: 'GET', path: '/api/advocacy/candidates', response: itemsOf(advocacyCandidateSchema) }),
  advocates: endpoint({
    method: 'GET',
    path: '/api/advocacy/advocates',
    query: accountQuery,
    response: itemsOf(advocateSchema),
  }),
  trackAdvocate: endpoint({
    method: 'POST',
    path: '/api/advocacy/advocates',
    body: advocateInput,
    response: advocateSchema,
  }),
  updateAdvocate: endpoint({
    method: 'PATCH',
    path: '/api/advocacy/advocates/:id',
    params: idParams,
    body: advocatePatch,
    response: advocateSchema,
  }),
  referrals: endpoint({
    method: 'GET',
    path: '/api/advocacy/referrals',
    query: accountQuery,
    response: itemsOf(referralSchema),
  }),
  addReferral: endpoint({
    method: 'POST',
    path: '/api/advocacy/referrals',
    body: referralInput,
    response: referralSchema,
    status: 201,
  }),
  updateReferral: endpoint({
    method: 'PATCH',
    path: '/api/advocacy/referrals/:id',
    params: idParams,
    body: referralPatch,
    response: referralSchema,
  }),
};
