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
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readFilters(params: URLSearchParams): RevenueFilters {
  const month = (v: string | null) => (v && MONTH.test(v) ? v : undefined);
  let from = month(params.get('from'));
  let to = month(params.get('to'));
  if (from && to && from > to) [from, to] = [to, from];
  // A mangled id in a pasted link is ignored rather than an error.
  const id = (v: string | null) => (v && UUID.test(v) ? v : undefined);
  return {
    from,
    to,
    segment: id(params.get('segment')),
    plan: params.get('plan') || undefined,
    csm: id(params.get('csm')),
  };
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
  const update = useCallback(
    (patch: Partial<RevenueFilters>) => setParams((current) => writeFilters({ ...readFilters(current), ...patch })),
    [setParams],
  );
  return { filters, update };
}
