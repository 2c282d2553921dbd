import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, buildUrl } from '../../../api/client';
import { currentLanguage } from '../../../i18n';
import type { Cohort, MetricsSummary, Movement, MovementType, MrrReport, PayingCustomer } from '../../../api/types';
import { addMonths } from '../months';
import type { RevenueFilters } from './useRevenueFilters';

/** The filters every metrics endpoint takes: which accounts and subscriptions count. */
export interface Scope {
  segment?: string;
  plan?: string;
  csm?: string;
}

export const scopeOf = (f: RevenueFilters): Scope => ({ segment: f.segment, plan: f.plan, csm: f.csm });

const CURRENT_MONTH_KEY = ['metrics', 'currentMonth'];

/** The KPIs of a month (default: the server's current month, which the answer names). */
export function useSummary(month: string | undefined, scope: Scope) {
  const client = useQueryClient();
  const query = { month, ...scope };
  return useQuery({
    queryKey: ['metrics', 'summary', query],
    queryFn: async () => {
      const summary = await api.get<MetricsSummary>('/api/metrics/summary', query);
      if (!month) client.setQueryData(CURRENT_MONTH_KEY, summary.month);
      return summary;
    },
    placeholderData: keepPreviousData,
  });
}

/**
 * The server's current month (its clock and the organisation's time zone, not the browser's).
 * The default summary reports it; only a page opened on an explicit period asks for it separately.
 */
export function useCurrentMonth(known: boolean) {
  return useQuery({
    queryKey: CURRENT_MONTH_KEY,
    queryFn: async () => (await api.get<MetricsSummary>('/api/metrics/summary')).month,
    enabled: !known,
    staleTime: 10 * 60_000,
  });
}

/**
 * The period the page reports on: the URL's, else the 12 months ending with the current month.
 * "Current" is the server's month (its clock and the organisation's time zone, not the browser's),
 * which the summary of the default month reports.
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
    queryFn: () => api.get<MrrReport>('/api/metrics/mrr', query),
    enabled: Boolean(from && to),
    placeholderData: keepPreviousData,
  });
}

export function useCohorts(from: string | undefined, to: string | undefined, scope: Scope) {
  const query = { from, to, ...scope };
  return useQuery({
    queryKey: ['metrics', 'cohorts', query],
    queryFn: () => api.get<{ currency: string; cohorts: Cohort[] }>('/api/metrics/cohorts', query),
    enabled: Boolean(from && to),
    placeholderData: keepPreviousData,
  });
}

/** The accounts behind a movement figure (all types when none is given). */
export function useMovements(month: string, type: MovementType | undefined, scope: Scope, enabled = true) {
  const query = { month, type, ...scope };
  return useQuery({
    queryKey: ['metrics', 'movements', query],
    queryFn: () => api.get<{ currency: string; items: Movement[] }>('/api/metrics/movements', query),
    enabled,
  });
}

/** The customers paying at a month's start or end, behind the customer counts and MRR. */
export function usePayingCustomers(month: string, at: 'start' | 'end', scope: Scope, enabled = true) {
  const query = { month, at, ...scope };
  return useQuery({
    queryKey: ['metrics', 'customers', query],
    queryFn: () => api.get<{ currency: string; items: PayingCustomer[] }>('/api/metrics/customers', query),
    enabled,
  });
}

export function usePlans() {
  return useQuery({ queryKey: ['metrics', 'plans'], queryFn: () => api.get<{ items: string[] }>('/api/metrics/plans'), select: (d) => d.items, staleTime: 60_000 });
}

/**
 * The report file for a period and scope: a plain link, the session cookie authenticates it, and
 * `lang` carries the UI language a link cannot send as Accept-Language.
 */
export const exportUrl = (format: 'csv' | 'xlsx', from: string, to: string, scope: Scope) =>
  buildUrl('/api/metrics/export', { from, to, format, lang: currentLanguage(), ...scope });
