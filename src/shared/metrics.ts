import { z } from 'zod';
import { endpoint, itemsOf, type Wire } from './endpoint.js';

/**
 * The revenue metrics API (src/modules/metrics): money in integer minor units of the base
 * `currency`; a rate is null when its denominator is zero (nothing to divide by is not 0 %).
 */
export const MOVEMENT_TYPES = ['new', 'expansion', 'contraction', 'churn', 'reactivation'] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];

export const metricsMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'errors.month' });

/** Which accounts and subscriptions count: every metrics endpoint takes these. */
export const metricsFilterQuery = z.object({
  segment: z.uuid().optional(),
  plan: z.string().max(200).optional(),
  csm: z.uuid().optional(),
});

export const mrrMonthSchema = z.object({
  month: z.string(),
  startingMrr: z.number(),
  newMrr: z.number(),
  expansionMrr: z.number(),
  contractionMrr: z.number(),
  churnedMrr: z.number(),
  reactivationMrr: z.number(),
  netNewMrr: z.number(),
  endingMrr: z.number(),
  arr: z.number(),
  customers: z.object({
    starting: z.number(),
    new: z.number(),
    reactivated: z.number(),
    churned: z.number(),
    ending: z.number(),
  }),
  /** The running month (organisation time zone): its figures are still moving. */
  partial: z.boolean(),
});
export type MrrMonth = z.infer<typeof mrrMonthSchema>;

const rate = z.number().nullable();

export const monthKpisSchema = z.object({
  month: z.string(),
  /** The running month: its churn, new customers and spend-based ratios are not yet the month's. */
  partial: z.boolean(),
  mrr: z.number(),
  arr: z.number(),
  customers: z.number(),
  logoChurnRate: rate,
  grossMrrChurnRate: rate,
  expansionRate: rate,
  netMrrChurnRate: rate,
  grr: rate,
  nrr: rate,
  arpa: rate,
  newCustomerArpa: rate,
  quickRatio: rate,
  trailing12: z.object({ startingMrr: z.number(), nrr: rate, grr: rate }),
  mrrChurnRate6m: rate,
  newCustomerArpa6m: rate,
  grossMargin: rate,
  salesMarketingSpend: rate,
  /** False under a segment, plan or CSM filter: spend is entered for the whole company. */
  spendBasedFigures: z.boolean(),
  ltv: rate,
  cac: rate,
  ltvToCac: rate,
  cacPaybackMonths: rate,
  averageContractValue: rate,
  averageContractTermMonths: rate,
});
export type MonthKpis = Wire<z.output<typeof monthKpisSchema>>;

export const metricsSummarySchema = monthKpisSchema.extend({
  currency: z.string(),
  /** The server's running month (organisation time zone); the default month is the one before. */
  currentMonth: z.string(),
  previousMonth: monthKpisSchema,
  yearAgo: monthKpisSchema,
});
export type MetricsSummary = Wire<z.output<typeof metricsSummarySchema>>;

export const movementSchema = z.object({
  accountId: z.string(),
  name: z.string(),
  externalId: z.string().nullable(),
  day: z.string(),
  type: z.enum(MOVEMENT_TYPES),
  amount: z.number(),
  mrrBefore: z.number(),
  mrrAfter: z.number(),
});
export type Movement = Wire<z.output<typeof movementSchema>>;

export const payingCustomerSchema = z.object({
  accountId: z.string(),
  name: z.string(),
  externalId: z.string().nullable(),
  mrr: z.number(),
});
export type PayingCustomer = Wire<z.output<typeof payingCustomerSchema>>;

export const cohortSchema = z.object({
  cohort: z.string(),
  size: z.number(),
  months: z.array(z.object({ month: z.string(), customers: z.number(), mrr: z.number(), partial: z.boolean() })),
});
export type Cohort = Wire<z.output<typeof cohortSchema>>;

/** The monthly report's period; the export file takes the same. */
export const mrrPeriodQuery = metricsFilterQuery.extend({ from: metricsMonth.optional(), to: metricsMonth.optional() });

export const metricsApi = {
  mrr: endpoint({
    method: 'GET',
    path: '/api/metrics/mrr',
    query: mrrPeriodQuery.refine((q) => !q.from || !q.to || q.from <= q.to, {
      path: ['to'],
      message: 'errors.monthOrder',
    }),
    response: z.object({ currency: z.string(), months: z.array(mrrMonthSchema) }),
  }),
  summary: endpoint({
    method: 'GET',
    path: '/api/metrics/summary',
    query: metricsFilterQuery.extend({ month: metricsMonth.optional() }),
    response: metricsSummarySchema,
  }),
  movements: endpoint({
    method: 'GET',
    path: '/api/metrics/movements',
    query: metricsFilterQuery.extend({ month: metricsMonth, type: z.enum(MOVEMENT_TYPES).optional() }),
    response: z.object({ currency: z.string(), items: z.array(movementSchema) }),
  }),
  customers: endpoint({
    method: 'GET',
    path: '/api/metrics/customers',
    query: metricsFilterQuery.extend({ month: metricsMonth, at: z.enum(['start', 'end']).default('end') }),
    response: z.object({ currency: z.string(), items: z.array(payingCustomerSchema) }),
  }),
  plans: endpoint({ method: 'GET', path: '/api/metrics/plans', response: itemsOf(z.string()) }),
  cohorts: endpoint({
    method: 'GET',
    path: '/api/metrics/cohorts',
    query: metricsFilterQuery.extend({ from: metricsMonth, to: metricsMonth.optional() }),
    response: z.object({ currency: z.string(), cohorts: z.array(cohortSchema) }),
  }),
};
