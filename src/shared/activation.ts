import { z } from 'zod';
import { endpoint, idParams } from './endpoint.js';

/**
 * Activation (docs/activation.md): how fast each signup-month cohort of accounts reaches the key behaviour
 * (Settings → key behaviour: an event and how many times counts as regular), where each curve flattens,
 * and how concentrated each account's use is among its people (the 90/10 view).
 */

/** The days a curve can run to, as offered in the UI (the API takes 14 … 180). */
export const ACTIVATION_HORIZONS = [90, 180] as const;
/** A curve has flattened at day d when it gains less than this share over the next FLAT_WINDOW days. */
export const FLAT_GAIN = 0.02;
export const FLAT_WINDOW = 14;
/** The 90/10 view counts each person's events over this many days up to today. */
export const CONCENTRATION_DAYS = 90;
/** Accounts with fewer active people are left out of the distribution and the most-concentrated list. */
export const CONCENTRATION_MIN_USERS = 10;

export const cohortCurveSchema = z.object({
  /** Signup month, YYYY-MM (the month of the account's start). */
  month: z.string(),
  accounts: z.number().int(),
  /** Days the curve runs: 0 … the age of the cohort's youngest account (capped at the horizon). */
  days: z.number().int(),
  /** Accounts that had reached the key behaviour by day d (index d). */
  reached: z.array(z.number().int()),
  /** reached[d] / accounts, 0 … 1. */
  shares: z.array(z.number()),
  /** The first day after which the curve gains less than FLAT_GAIN over FLAT_WINDOW days; null when not yet. */
  flattensAt: z.number().int().nullable(),
});
export type CohortCurve = z.infer<typeof cohortCurveSchema>;

export const activationCohortsSchema = z.object({
  keyBehaviour: z.object({ event: z.string(), times: z.number().int() }).nullable(),
  horizon: z.number().int(),
  today: z.string(),
  cohorts: z.array(cohortCurveSchema),
});
export type ActivationCohorts = z.infer<typeof activationCohortsSchema>;

export const accountConcentrationSchema = z.object({
  users: z.number().int(),
  topUsers: z.number().int(),
  events: z.number().int(),
  topEvents: z.number().int(),
  /** topEvents / events, 0 … 1; null without events. */
  share: z.number().nullable(),
});
export type AccountConcentration = z.infer<typeof accountConcentrationSchema>;

export const concentrationSchema = z.object({
  days: z.number().int(),
  minimumUsers: z.number().int(),
  /** Accounts counted (at least minimumUsers active people). */
  accounts: z.number().int(),
  median: z.number().nullable(),
  /** Accounts per share band [from, to), the last band closed. */
  buckets: z.array(z.object({ from: z.number(), to: z.number(), accounts: z.number().int() })),
  mostConcentrated: z.array(accountConcentrationSchema.extend({ accountId: z.string(), name: z.string() })),
});
export type Concentration = z.infer<typeof concentrationSchema>;

/**
 * The 90-day onboarding rule of the source material: customers who did not do the key onboarding behaviour in
 * the 90 days after their first payment stay at about a tenth the rate. ONBOARDING_DAYS is that window.
 */
export const ONBOARDING_DAYS = 90;

const retentionGroupSchema = z.object({
  accounts: z.number().int(),
  /** Of them, still customers today (not churned). */
  retained: z.number().int(),
  /** retained / accounts, 0 … 1; null without accounts. */
  share: z.number().nullable(),
});

export const onboardingRetentionSchema = z.object({
  keyBehaviour: z.object({ event: z.string(), times: z.number().int() }).nullable(),
  days: z.number().int(),
  /** Paying accounts at least `days` past their first payment, split by whether they reached the key behaviour in them. */
  activated: retentionGroupSchema,
  missed: retentionGroupSchema,
});
export type OnboardingRetention = z.infer<typeof onboardingRetentionSchema>;

export const activationApi = {
  cohorts: endpoint({
    method: 'GET',
    path: '/api/activation/cohorts',
    query: z.object({
      horizon: z.coerce.number().int().min(14).max(180).default(90),
      months: z.coerce.number().int().min(1).max(36).default(12),
    }),
    response: activationCohortsSchema,
  }),
  retention: endpoint({
    method: 'GET',
    path: '/api/activation/retention',
    response: onboardingRetentionSchema,
  }),
  concentration: endpoint({
    method: 'GET',
    path: '/api/activation/concentration',
    response: concentrationSchema,
  }),
  account: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/concentration',
    params: idParams,
    response: accountConcentrationSchema,
  }),
};
