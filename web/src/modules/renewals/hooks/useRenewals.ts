import type { RaciMatrix, RenewalCategory } from '@shared/renewals';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';

export interface Renewal {
  accountId: string;
  accountName: string;
  externalId: string | null;
  renewsOn: string;
  daysLeft: number;
  arrMinor: number;
  currency: string;
  health: { score: number | null; color: 'green' | 'yellow' | 'red' | null } | null;
  modelProbability: number | null;
  probability: number;
  probabilitySource: 'model' | 'category' | 'outcome';
  category: RenewalCategory;
  categorySetByHand: boolean;
  categorySetByName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  segmentId: string | null;
  segmentName: string | null;
  renewalManagerName: string | null;
  lastTouchAt: string | null;
  outcome: string | null;
  churnReason: string | null;
}

export interface RenewalQuery {
  days: number;
  ownerId?: string;
  segmentId?: string;
  category?: RenewalCategory;
  q?: string;
  sort: string;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export interface ForecastFigures {
  renewals: number;
  pipelineMinor: number;
  forecastMinor: number;
  committedMinor: number;
}
export interface ForecastGroup extends ForecastFigures {
  id: string | null;
  name: string | null;
}
export interface Forecast {
  asOf: string;
  currency: string;
  modelAvailable: boolean;
  windows: (ForecastFigures & {
    days: number;
    byOwner: ForecastGroup[];
    bySegment: ForecastGroup[];
    sources: Record<'model' | 'category' | 'outcome', number>;
  })[];
}
export interface TargetResult {
  days: number;
  currency: string;
  targetMinor: number;
  forecastMinor: number;
  gapMinor: number;
  healthyLevel: number;
  reachable: boolean;
  accounts: { accountId: string; accountName: string; arrMinor: number; probability: number; gainMinor: number }[];
}
export interface OutcomeGroup {
  key: string;
  count: number;
  arrMinor: number;
  newArrMinor: number;
}
export interface OutcomesReport {
  from: string;
  to: string;
  currency: string;
  total: Omit<OutcomeGroup, 'key'>;
  byOutcome: OutcomeGroup[];
  byReason: OutcomeGroup[];
}
export interface Raci {
  defaultMatrix: RaciMatrix;
  segments: { segmentId: string; matrix: RaciMatrix }[];
}

/** Everything derived from renewals (list, forecast, outcomes, advocacy) goes stale together. */
const invalidateRenewals = (client: ReturnType<typeof useQueryClient>) =>
  client.invalidateQueries({ queryKey: ['renewals'] });

export function useRenewalList(query: RenewalQuery) {
  return useQuery({
    queryKey: ['renewals', 'list', query],
    queryFn: () =>
      api.get<{
        items: Renewal[];
        total: number;
        arrMinor: number;
        currency: string;
        sources: { health: boolean; prediction: boolean };
      }>('/api/renewals', { ...query }),
    placeholderData: keepPreviousData,
  });
}

export function useSetCategory() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ accountId, ...body }: { accountId: string; renewsOn: string; category: RenewalCategory | null }) =>
      api.put(`/api/renewals/${accountId}/category`, body),
    onSuccess: () => invalidateRenewals(client),
  });
}

export function useRecordOutcome() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      accountId,
      ...body
    }: {
      accountId: string;
      renewsOn: string;
      outcome: string;
      churnReason?: string;
      comment?: string;
      newArrMinor?: number;
    }) => api.post(`/api/renewals/${accountId}/outcome`, body),
    onSuccess: () => invalidateRenewals(client),
  });
}

export function useForecast(filter: { ownerId?: string; segmentId?: string }) {
  return useQuery({
    queryKey: ['renewals', 'forecast', filter],
    queryFn: () => api.get<Forecast>('/api/renewals/forecast', filter),
    placeholderData: keepPreviousData,
  });
}

export function useTarget(days: number, targetMinor: number | null) {
  return useQuery({
    queryKey: ['renewals', 'target', days, targetMinor],
    queryFn: () => api.get<TargetResult>('/api/renewals/forecast/target', { days, targetMinor: targetMinor! }),
    enabled: targetMinor !== null,
  });
}

export function useOutcomes(from: string, to: string) {
  return useQuery({
    queryKey: ['renewals', 'outcomes', from, to],
    queryFn: () => api.get<OutcomesReport>('/api/renewals/outcomes', { from, to }),
  });
}

export function useRaci() {
  return useQuery({ queryKey: ['renewals', 'raci'], queryFn: () => api.get<Raci>('/api/renewals/raci') });
}

export function useSaveRaci() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { segmentId: string | null; matrix: RaciMatrix }) => api.put<Raci>('/api/renewals/raci', body),
    onSuccess: (data) => client.setQueryData(['renewals', 'raci'], data),
  });
}
