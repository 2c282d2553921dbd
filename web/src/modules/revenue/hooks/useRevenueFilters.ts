import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { MONTH } from '../months';

/**
 * What shapes the Revenue page; it lives in the URL so reloads and shared links keep it.
 * No period means the last 12 months ending with the current month (the server's, see useReportPeriod).
 */
export interface RevenueFilters {
  from?: string;
  to?: string;
  segment?: string;
  plan?: string;
  csm?: string;
}

const KEYS = ['from', 'to', 'segment', 'plan', 'csm'] as const;

export function readFilters(params: URLSearchParams): RevenueFilters {
  const month = (v: string | null) => (v && MONTH.test(v) ? v : undefined);
  let from = month(params.get('from'));
  let to = month(params.get('to'));
  if (from && to && from > to) [from, to] = [to, from];
  return { from, to, segment: params.get('segment') || undefined, plan: params.get('plan') || undefined, csm: params.get('csm') || undefined };
}

export function writeFilters(filters: RevenueFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) if (filters[key]) params.set(key, filters[key]!);
  return params;
}

export const hasScopeFilters = (f: RevenueFilters) => Boolean(f.segment || f.plan || f.csm);

export function useRevenueFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const update = useCallback((patch: Partial<RevenueFilters>) => setParams((current) => writeFilters({ ...readFilters(current), ...patch })), [setParams]);
  return { filters, update };
}
