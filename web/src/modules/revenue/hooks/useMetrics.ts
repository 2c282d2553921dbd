import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { buildUrl, call } from '../../../api/client';
import { currentLanguage } from '../../../i18n';
import { metricsApi, type MovementType } from '@shared/metrics';
import { addMonths } from '../months';
import type { RevenueFilters } from './useRevenueFilters';

/** The filters every metrics endpoint takes: which accounts and subscriptions count. */
export interface Scope {
  segment?: string;
  plan?: string;
  csm?: string;
}

export const scopeOf = (f: RevenueFilters): Scope => ({ segment: f.segment, plan: f.plan, csm: f.csm });

/**
 * The KPIs of a month (default: the last complete month, which the answer names). Every answer
 * also names the server's running month (its clock and the organisation's time zone, not the
 * browser's), for the period presets.
 */
export function useSummary(month: string | undefined, scope: Scope) {
  const query = { month, ...scope };
  return useQuery({
    queryKey: ['metrics', 'summary', query],
    queryFn: () => call(metricsApi.summary, { query }),
    placeholderData: keepPreviousData,
  });
}

/**
 * The period the page reports on: the URL's, else the 12 months ending with the last complete
 * month (the server's, which the summary of the default month reports). The running month shows
 * only when picked, marked partial.
 */
export function reportPeriod(filters: RevenueFilters, summaryMonth: string | undefined) {
  const to = filters.to ?? summaryMonth;
  const from = filters.from && to && filters.from <= to ? filters.from : to ? addMonths(to, -11) : undefined;
  return { from, to };
}

export function useMrr(from: string | undefined, to: string | undefined, scope: Scope) {
  const query = { from, to, ...scope };
  return useQuery({
    queryKey: ['metrics', 'mrr', query],
    queryFn: () => call(metricsApi.mrr, { query }),
    enabled: Boolean(from && to),
    placeholderData: keepPreviousData,
  });
}

export function useCohorts(from: string | undefined, to: string | undefined, scope: Scope) {
  const query = { from, to, ...scope };
  return useQuery({
    queryKey: ['metrics', 'cohorts', query],
    queryFn: () => call(metricsApi.cohorts, { query }),
    enabled: Boolean(from && to),
    placeholderData: keepPreviousData,
  });
}

/** The accounts behind a movement figure (all types when none is given). */
export function useMovements(month: string, type: MovementType | undefined, scope: Scope, enabled = true) {
  const query = { month, type, ...scope };
  return useQuery({
    queryKey: ['metrics', 'movements', query],
    queryFn: () => call(metricsApi.movements, { query }),
    enabled,
  });
}

/** The customers paying at a month's start or end, behind the customer counts and MRR. */
export function usePayingCustomers(month: string, at: 'start' | 'end', scope: Scope, enabled = true) {
  const query = { month, at, ...scope };
  return useQuery({
    queryKey: ['metrics', 'customers', query],
    queryFn: () => call(metricsApi.customers, { query }),
    enabled,
  });
}

export function usePlans() {
  return useQuery({
    queryKey: ['metrics', 'plans'],
    queryFn: () => call(metricsApi.plans),
    select: (d) => d.items,
    staleTime: 60_000,
  });
}

/**
 * The report file for a period and scope: a plain link, the session cookie authenticates it, and
 * `lang` carries the UI language a link cannot send as Accept-Language.
 */
export const exportUrl = (format: 'csv' | 'xlsx', from: string, to: string, scope: Scope) =>
  buildUrl('/api/metrics/export', { from, to, format, lang: currentLanguage(), ...scope });
