import { z } from 'zod';
import { CTA_PRIORITIES, CTA_TYPES } from './ctas.js';
import { endpoint } from './endpoint.js';
import { HEALTH_COLORS, trendSchema } from './health.js';
import { RENEWAL_CATEGORIES } from './renewals.js';

/**
 * Home (`/`), one per role (docs/home.md defines every tile): a CSM's book, the CS team's view, and
 * the admin's data freshness. Money is ARR in base-currency minor units (MRR × 12).
 */

const color = z.enum(HEALTH_COLORS).nullable();
const ctaReason = {
  reasonKey: z.string(),
  reasonParams: z.record(z.string(), z.unknown()),
  title: z.string().nullable(),
};

/** Rule triggers whose CTAs the Home lists as important events (docs/ctas.md names them). */
export const IMPORTANT_TRIGGERS = ['health_red', 'nps_detractor', 'key_contact_left', 'usage_drop'] as const;

export const homeCsmQuerySchema = z.object({
  /** Whose book; the caller's own by default. Only managers may ask for someone else's. */
  ownerId: z.uuid().optional(),
});

const colourCounts = z.object({
  red: z.number().int(),
  yellow: z.number().int(),
  green: z.number().int(),
  /** Accounts no active primary scorecard scores. */
  none: z.number().int(),
});

export const homeCsmSchema = z.object({
  asOf: z.string(),
  currency: z.string(),
  owner: z.object({ id: z.string(), name: z.string() }),
  book: z.object({
    accounts: z.number().int(),
    arrMinor: z.number().int(),
    colours: colourCounts,
    /** The accounts needing attention first: red, then yellow, unscored, green; larger ARR first within. */
    items: z.array(
      z.object({
        accountId: z.string(),
        accountName: z.string(),
        arrMinor: z.number().int(),
        score: z.number().nullable(),
        color,
        trend30: trendSchema,
      }),
    ),
  }),
  renewals: z.object({
    count: z.number().int(),
    arrMinor: z.number().int(),
    items: z.array(
      z.object({
        accountId: z.string(),
        accountName: z.string(),
        renewsOn: z.string(),
        daysLeft: z.number().int(),
        arrMinor: z.number().int(),
        probability: z.number(),
        category: z.enum(RENEWAL_CATEGORIES),
      }),
    ),
  }),
  ctas: z.object({
    active: z.number().int(),
    overdue: z.number().int(),
    dueToday: z.number().int(),
    /** Overdue and due today, earliest due first. */
    items: z.array(
      z.object({
        id: z.string(),
        accountId: z.string(),
        accountName: z.string(),
        ...ctaReason,
        priority: z.enum(CTA_PRIORITIES),
        dueOn: z.string(),
        overdue: z.boolean(),
      }),
    ),
  }),
  onboarding: z.object({
    accounts: z.number().int(),
    /** Onboarding accounts whose risk colour is yellow or red, red first. */
    atRisk: z.array(
      z.object({
        accountId: z.string(),
        accountName: z.string(),
        colour: z.enum(['yellow', 'red']),
        openCtas: z.number().int(),
        arrMinor: z.number().int(),
      }),
    ),
  }),
  /** CTAs of the important triggers opened in the last 7 days on the book's accounts, newest first. */
  events: z.array(
    z.object({
      ctaId: z.string(),
      accountId: z.string(),
      accountName: z.string(),
      trigger: z.enum(IMPORTANT_TRIGGERS),
      ...ctaReason,
      openedAt: z.date(),
    }),
  ),
  /** Since yesterday (the organisation's day): what moved in the book. */
  changes: z.object({
    health: z.array(
      z.object({
        accountId: z.string(),
        accountName: z.string(),
        from: z.enum(HEALTH_COLORS),
        to: z.enum(HEALTH_COLORS),
        score: z.number(),
      }),
    ),
    newCtas: z.array(
      z.object({
        ctaId: z.string(),
        accountId: z.string(),
        accountName: z.string(),
        type: z.enum(CTA_TYPES),
        ...ctaReason,
      }),
    ),
    detractors: z.array(
      z.object({ accountId: z.string(), accountName: z.string(), score: z.number().int(), respondedAt: z.date() }),
    ),
    renewalsEntering: z.array(
      z.object({ accountId: z.string(), accountName: z.string(), renewsOn: z.string(), arrMinor: z.number().int() }),
    ),
  }),
});
export type HomeCsm = z.infer<typeof homeCsmSchema>;

const distribution = z.object({
  day: z.string(),
  red: z.number().int(),
  yellow: z.number().int(),
  green: z.number().int(),
});

export const homeTeamSchema = z.object({
  asOf: z.string(),
  currency: z.string(),
  /** One row per CSM (and one with a null id for accounts without an owner), largest ARR at risk first. */
  csms: z.array(
    z.object({
      ownerId: z.string().nullable(),
      ownerName: z.string().nullable(),
      accounts: z.number().int(),
      arrMinor: z.number().int(),
      /** ARR of accounts whose primary health is red. */
      arrAtRiskMinor: z.number().int(),
      /** ARR of accounts whose primary health is yellow. */
      arrWatchMinor: z.number().int(),
      activeCtas: z.number().int(),
      overdueCtas: z.number().int(),
    }),
  ),
  totals: z.object({
    accounts: z.number().int(),
    arrMinor: z.number().int(),
    arrAtRiskMinor: z.number().int(),
    arrWatchMinor: z.number().int(),
    overdueCtas: z.number().int(),
  }),
  renewals: z.object({
    days: z.number().int(),
    renewals: z.number().int(),
    pipelineMinor: z.number().int(),
    forecastMinor: z.number().int(),
    committedMinor: z.number().int(),
  }),
  /** Today and 30 days ago: accounts per primary health colour. */
  health: z.object({ today: distribution, before: distribution }),
  onboarding: z.object({
    accounts: z.number().int(),
    green: z.number().int(),
    yellow: z.number().int(),
    red: z.number().int(),
    arrAtRiskMinor: z.number().int(),
  }),
});
export type HomeTeam = z.infer<typeof homeTeamSchema>;

export const homeFreshnessSchema = z.object({
  /** Latest tracking event received in the last 30 days (null: none). */
  lastEventAt: z.date().nullable(),
  lastStripeEvent: z.object({ type: z.string(), receivedAt: z.date() }).nullable(),
  lastImport: z
    .object({
      kind: z.string(),
      fileName: z.string(),
      state: z.enum(['running', 'done', 'failed']),
      createdAt: z.date(),
      finishedAt: z.date().nullable(),
    })
    .nullable(),
  /** Imports that failed in the last 7 days. */
  failedImports: z.number().int(),
  /** Stripe events refused (bad signature, unreadable) among those stored. */
  refusedStripeEvents: z.number().int(),
});
export type HomeFreshness = z.infer<typeof homeFreshnessSchema>;

/** The Home API (src/shared/endpoint.ts). */
export const homeApi = {
  csm: endpoint({ method: 'GET', path: '/api/home/csm', query: homeCsmQuerySchema, response: homeCsmSchema }),
  team: endpoint({ method: 'GET', path: '/api/home/team', response: homeTeamSchema }),
  freshness: endpoint({ method: 'GET', path: '/api/home/freshness', response: homeFreshnessSchema }),
};
