import {
  type Forecast,
  type ForecastGroup,
  type OutcomeGroup,
  type OutcomesReport,
  type Raci,
  type RaciMatrix,
  RENEWAL_SORTS,
  type Renewal,
  type RenewalCategory,
  type RenewalOutcome,
  type ChurnReason,
  renewalsApi,
  type TargetResult,
} from '@shared/renewals';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

export type { Forecast, ForecastGroup, OutcomeGroup, OutcomesReport, Raci, Renewal, TargetResult };

export interface RenewalQuery {
  days: number;
  ownerId?: string;
  segmentId?: string;
  category?: RenewalCategory;
  q?: string;
  /** A table column key; the server sorts by the ones it knows (RENEWAL_SORTS). */
  sort: string;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const knownSort = (sort: string) => RENEWAL_SORTS.find((s) => s === sort) ?? 'renewsOn';

/** Everything derived from renewals (list, forecast, outcomes, advocacy) goes stale together. */
const invalidateRenewals = (client: ReturnType<typeof useQueryClient>) =>
  client.invalidateQueries({ queryKey: ['renewals'] });

export function useRenewalList(query: RenewalQuery) {
  return useQuery({
    queryKey: ['renewals', 'list', query],
    queryFn: () => call(renewalsApi.list, { query: { ...query, sort: knownSort(query.sort) } }),
    placeholderData: keepPreviousData,
  });
}

export function useSetCategory() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: ({ accountId, ...body }: { accountId: string; renewsOn: string; category: RenewalCategory | null }) =>
      call(renewalsApi.setCategory, { params: { id: accountId }, body }),
    onSuccess: () => invalidateRenewals(client),
  });
}

export function useRecordOutcome() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: ({
      accountId,
      ...body
    }: {
      accountId: string;
      renewsOn: string;
      outcome: RenewalOutcome;
      churnReason?: ChurnReason;
      comment?: string;
      newArrMinor?: number;
    }) => call(renewalsApi.recordOutcome, { params: { id: accountId }, body }),
    onSuccess: () => invalidateRenewals(client),
  });
}

export function useForecast(filter: { ownerId?: string; segmentId?: string }) {
  return useQuery({
    queryKey: ['renewals', 'forecast', filter],
    queryFn: () => call(renewalsApi.forecast, { query: filter }),
    placeholderData: keepPreviousData,
  });
}

export function useTarget(days: number, targetMinor: number | null) {
  return useQuery({
    queryKey: ['renewals', 'target', days, targetMinor],
    queryFn: () => call(renewalsApi.target, { query: { days, targetMinor: targetMinor! } }),
    enabled: targetMinor !== null,
  });
}

export function useOutcomes(from: string, to: string) {
  return useQuery({
    queryKey: ['renewals', 'outcomes', from, to],
    queryFn: () => call(renewalsApi.outcomes, { query: { from, to } }),
  });
}

export function useRaci() {
  return useQuery({ queryKey: ['renewals', 'raci'], queryFn: () => call(renewalsApi.raci) });
}

export function useSaveRaci() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: (body: { segmentId: string | null; matrix: RaciMatrix }) => call(renewalsApi.saveRaci, { body }),
    onSuccess: (data) => client.setQueryData(['renewals', 'raci'], data),
  });
}
