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
