import { z } from 'zod';
import { endpoint, idParams } from './endpoint.js';

/**
 * The Customer 360 header: the first questions about an account answered at a glance — what they pay,
 * how healthy they are, when they renew and how likely, when we last spoke, what they said last, and
 * which segments they are in. Figures come from the account's hot figures (account_facts, docs/lists.md).
 */
export const accountSummarySchema = z.object({
  /** Currency of MRR and ARR (the organisation's base currency). */
  currency: z.string(),
  mrrMinor: z.number().int().nullable(),
  arrMinor: z.number().int().nullable(),
  plan: z.string().nullable(),
  health: z
    .object({
      score: z.number(),
      color: z.enum(['red', 'yellow', 'green']),
      /** Change of the score over 30 days, in points; null without a score 30 days ago. */
      change30: z.number().nullable(),
    })
    .nullable(),
  renewalOn: z.string().nullable(),
  /** Days from today (organisation time zone) to the renewal date; negative once it has passed. */
  daysToRenewal: z.number().int().nullable(),
  renewalProbability: z.number().nullable(),
  latestNps: z.number().int().nullable(),
  activeUsers30d: z.number().int().nullable(),
  openCtas: z.number().int(),
  /** The latest note, call, meeting, visit or email a person logged. */
  lastTouchAt: z.date().nullable(),
  segments: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
export type AccountSummary = z.infer<typeof accountSummarySchema>;

export const account360Api = {
  summary: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/summary',
    params: idParams,
    response: accountSummarySchema,
  }),
};
