import { z } from 'zod';
import { endpoint } from './endpoint.js';
import { ROLES } from './roles.js';

/**
 * Team and workload (docs/team.md defines every figure): each account owner's book side by side with
 * capacity, and the bulk reassignment of a book. Money is ARR in base-currency minor units (MRR × 12).
 */

export const CAPACITY_BASES = ['accounts', 'arr'] as const;
export type CapacityBasis = (typeof CAPACITY_BASES)[number];

/**
 * Capacity per CSM: a default limit counted in accounts or in ARR (minor units), and per-user
 * overrides in the same unit. A null default means no limit unless a person has an override.
 */
export const teamCapacitySchema = z.object({
  basis: z.enum(CAPACITY_BASES),
  defaultLimit: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable(),
  overrides: z.record(z.uuid(), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)),
});
export type TeamCapacity = z.infer<typeof teamCapacitySchema>;
export const DEFAULT_TEAM_CAPACITY: TeamCapacity = { basis: 'accounts', defaultLimit: null, overrides: {} };

const figures = {
  accounts: z.number().int(),
  arrMinor: z.number().int(),
  openCtas: z.number().int(),
  overdueCtas: z.number().int(),
  /** Notes, calls, meetings, visits and emails people logged on the book's accounts in the last 30 days. */
  touches30: z.number().int(),
  renewals90: z.number().int(),
  renewals90ArrMinor: z.number().int(),
  /** ARR of the book's accounts whose primary health is red. */
  arrAtRiskMinor: z.number().int(),
  /** Over the last 12 months, on the current book: churned and expansion ARR, and NRR (null without a base). */
  churnedArrMinor: z.number().int(),
  expansionArrMinor: z.number().int(),
  nrr: z.number().nullable(),
};

export const teamRowSchema = z.object({
  /** Null: accounts without an owner. */
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  role: z.enum(ROLES).nullable(),
  ...figures,
  /** The limit that applies (override, else the default), in the capacity's unit; null: none. */
  capacity: z.number().int().nullable(),
  /** Accounts or ARR against the limit (1 = full); null without a limit. */
  load: z.number().nullable(),
  overCapacity: z.boolean(),
});
export type TeamRow = z.infer<typeof teamRowSchema>;

export const teamSchema = z.object({
  asOf: z.string(),
  currency: z.string(),
  /** The 12-month window of churn, expansion and NRR: movements after `from`, up to and including `asOf`. */
  window: z.object({ from: z.string(), to: z.string() }),
  capacity: teamCapacitySchema,
  rows: z.array(teamRowSchema),
  totals: z.object(figures),
});
export type Team = z.infer<typeof teamSchema>;

export const teamReassignSchema = z.object({
  fromUserId: z.uuid(),
  toUserId: z.uuid(),
  /** Only these accounts of the book; the whole book without. */
  accountIds: z.array(z.uuid()).min(1).max(10_000).optional(),
});
export type TeamReassign = z.infer<typeof teamReassignSchema>;

export const teamReassignResultSchema = z.object({
  moved: z.number().int(),
  /** Open and snoozed CTAs of those accounts that followed the owner. */
  ctasMoved: z.number().int(),
});

/** The Team API (src/shared/endpoint.ts). */
export const teamApi = {
  overview: endpoint({ method: 'GET', path: '/api/team', response: teamSchema }),
  capacity: endpoint({ method: 'GET', path: '/api/team/capacity', response: teamCapacitySchema }),
  setCapacity: endpoint({
    method: 'PUT',
    path: '/api/team/capacity',
    body: teamCapacitySchema,
    response: teamCapacitySchema,
  }),
  reassign: endpoint({
    method: 'POST',
    path: '/api/team/reassign',
    body: teamReassignSchema,
    response: teamReassignResultSchema,
  }),
};
