import { z } from 'zod';
import { TIERS } from './accounts.js';
import { endpoint, idParams } from './endpoint.js';

/**
 * Business reviews (QBR / EBR, docs/business-reviews.md): a cadence per service tier, the next review due
 * (the last one logged on the timeline + the cadence), logging a review, and the generated deck.
 */
export const REVIEW_KINDS = ['qbr', 'ebr'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
/** The deck's languages: the account's contacts' language, or one chosen at export. */
export const DECK_LANGUAGES = ['zh-CN', 'en'] as const;
export type DeckLanguage = (typeof DECK_LANGUAGES)[number];

export const reviewCadenceSchema = z.object({
  tier: z.enum(TIERS),
  /** Every N months; null: this tier has no business reviews. */
  months: z.number().int().min(1).max(24).nullable(),
  kind: z.enum(REVIEW_KINDS),
});
export type ReviewCadence = z.infer<typeof reviewCadenceSchema>;
/**
 * The cadences an install starts with (migration 0038, PRODUCT §9: four reviews a year for large accounts, at least
 * two for the rest; tech touch is served one-to-many). The settings page shows them beside each tier;
 * reviews.test.ts checks a fresh database holds exactly these.
 */
export const DEFAULT_REVIEW_CADENCES: readonly ReviewCadence[] = [
  { tier: 'high_touch', months: 3, kind: 'qbr' },
  { tier: 'low_touch', months: 6, kind: 'qbr' },
  { tier: 'tech_touch', months: null, kind: 'qbr' },
];

export const reviewCadencesInputSchema = z.object({
  items: z
    .array(reviewCadenceSchema)
    .max(TIERS.length)
    .refine((items) => new Set(items.map((i) => i.tier)).size === items.length, {
      message: 'errors.reviewTierTwice',
    }),
});

export const reviewEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(REVIEW_KINDS),
  occurredAt: z.date(),
  subject: z.string().nullable(),
  body: z.string().nullable(),
  authorName: z.string().nullable(),
});

export const reviewStatusSchema = z.object({
  tier: z.enum(TIERS).nullable(),
  /** The tier's cadence; null when the tier has none (or the account has no tier). */
  cadence: reviewCadenceSchema.nullable(),
  lastOn: z.iso.date().nullable(),
  /** Null when no review is due: no cadence, or not (or no longer) a paying customer. */
  dueOn: z.iso.date().nullable(),
  overdue: z.boolean(),
  /** The deck's default language: the account's contacts' language when they have one. */
  language: z.enum(DECK_LANGUAGES),
  history: z.array(reviewEntrySchema),
});
export type ReviewStatus = z.infer<typeof reviewStatusSchema>;

export const reviewInputSchema = z.object({
  kind: z.enum(REVIEW_KINDS),
  occurredAt: z.iso.datetime({ offset: true }),
  subject: z.string().trim().max(300).nullable().optional(),
  body: z.string().trim().max(20_000).nullable().optional(),
});
export type ReviewInput = z.infer<typeof reviewInputSchema>;

export const deckQuerySchema = z.object({ lang: z.enum(DECK_LANGUAGES).optional() });

export const reviewsApi = {
  cadences: endpoint({
    method: 'GET',
    path: '/api/review-cadences',
    response: z.object({ items: z.array(reviewCadenceSchema) }),
  }),
  setCadences: endpoint({
    method: 'PUT',
    path: '/api/review-cadences',
    body: reviewCadencesInputSchema,
    response: z.object({ items: z.array(reviewCadenceSchema) }),
  }),
  status: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/reviews',
    params: idParams,
    response: reviewStatusSchema,
  }),
  log: endpoint({
    method: 'POST',
    path: '/api/accounts/:id/reviews',
    params: idParams,
    body: reviewInputSchema,
    response: reviewStatusSchema,
    status: 201,
  }),
};

/** The file downloads (not JSON; named in test/contract.test.ts): `?lang=zh-CN|en`. */
export const deckDownloadPath = (accountId: string, format: 'pdf' | 'pptx') =>
  `/api/accounts/${encodeURIComponent(accountId)}/reviews/deck.${format}`;

const deckObjectiveSchema = z.object({
  title: z.string(),
  status: z.string(),
  dueOn: z.string().nullable(),
  neededOutcome: z.string().nullable(),
  /** 0–1 towards the objective's target; null without one. */
  progress: z.number().nullable(),
});

/**
 * The business review deck's content (docs/business-reviews.md): composed from the owners' services and read
 * models for one account, language-neutral; the PDF and the PPTX render it in the chosen language.
 */
export const deckSchema = z.object({
  language: z.enum(DECK_LANGUAGES),
  generatedOn: z.iso.date(),
  kind: z.enum(REVIEW_KINDS),
  /** What the deck reviews: since the last review (else one cadence, three months without one) to today. */
  period: z.object({ from: z.iso.date(), to: z.iso.date() }),
  account: z.object({
    name: z.string(),
    tier: z.enum(TIERS).nullable(),
    currency: z.string(),
    arrMinor: z.number().int().nullable(),
    plan: z.string().nullable(),
    renewalOn: z.string().nullable(),
    health: z
      .object({ score: z.number(), color: z.enum(['red', 'yellow', 'green']), change30: z.number().nullable() })
      .nullable(),
    renewalProbability: z.number().nullable(),
    ownerName: z.string().nullable(),
  }),
  /** Objectives of the success plan; null while success plans are not available. */
  objectives: z.array(deckObjectiveSchema).nullable(),
  usage: z.object({
    /** The last six calendar months, 'YYYY-MM', oldest first. */
    months: z.array(z.string()),
    /** Events per product module per month (events without a module under key ''). */
    modules: z.array(z.object({ key: z.string(), name: z.string(), events: z.array(z.number().int()) })),
    activeUsers: z.array(z.number().int()),
  }),
  support: z.object({
    opened: z.number().int(),
    closed: z.number().int(),
    openNow: z.number().int(),
    byPriority: z.object({
      low: z.number().int(),
      normal: z.number().int(),
      high: z.number().int(),
      urgent: z.number().int(),
    }),
    csatAverage: z.number().nullable(),
    csatCount: z.number().int(),
  }),
  nps: z.object({
    responses: z.number().int(),
    promoters: z.number().int(),
    passives: z.number().int(),
    detractors: z.number().int(),
    /** % promoters − % detractors over the period's answers; null without answers. */
    score: z.number().nullable(),
    latest: z.number().int().nullable(),
  }),
  value: z.object({
    milestones: z.array(z.object({ key: z.string().nullable(), name: z.string(), completedOn: z.string() })),
    objectivesAchieved: z.array(z.string()).nullable(),
  }),
  benchmark: z.object({
    group: z.string(),
    groupValue: z.string().nullable(),
    metrics: z.array(
      z.object({
        metric: z.string(),
        module: z.string().nullable(),
        value: z.number().nullable(),
        median: z.number().nullable(),
        percentile: z.number().nullable(),
      }),
    ),
  }),
  plan: z.object({
    nextReviewOn: z.string().nullable(),
    actions: z.array(
      z.object({ ruleKey: z.string().nullable(), title: z.string(), dueOn: z.string(), priority: z.string() }),
    ),
    objectives: z.array(deckObjectiveSchema).nullable(),
  }),
});
export type Deck = z.infer<typeof deckSchema>;

export const deckApi = {
  deck: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/reviews/deck',
    params: idParams,
    query: deckQuerySchema,
    response: deckSchema,
  }),
};
