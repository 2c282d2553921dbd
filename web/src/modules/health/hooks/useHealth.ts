import type { AccountHealth, Backtest, CurrentHealth, Scorecard, ScorecardInput, Sentiment } from '@shared/health';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';

export function useAccountHealth(accountId: string) {
  return useQuery({
    queryKey: ['health', 'account', accountId],
    queryFn: () => api.get<AccountHealth>(`/api/accounts/${accountId}/health`),
  });
}

export function useCurrentHealth(accountIds: string[]) {
  return useQuery({
    queryKey: ['health', 'current', accountIds],
    queryFn: () => api.get<{ items: CurrentHealth[] }>('/api/health/current', { accountIds: accountIds.join(',') }),
    enabled: accountIds.length > 0,
    placeholderData: keepPreviousData,
    select: (d) => d.items,
  });
}

export function useSetSentiment(accountId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { value: number; comment?: string | null; expiresOn: string }) =>
      api.put<Sentiment>(`/api/accounts/${accountId}/health/sentiment`, input),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['health'] }),
  });
}

export function useScorecards() {
  return useQuery({
    queryKey: ['health', 'scorecards'],
    queryFn: () => api.get<{ items: Scorecard[] }>('/api/health/scorecards'),
    select: (d) => d.items,
  });
}

export function useMeasureCatalogue() {
  return useQuery({
    queryKey: ['health', 'measures'],
    queryFn: () => api.get<{ items: { type: string; bad: number; good: number }[] }>('/api/health/measures'),
    select: (d) => d.items,
    staleTime: Infinity,
  });
}

export function useSaveScorecard() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: ScorecardInput }) =>
      id
        ? api.patch<Scorecard>(`/api/health/scorecards/${id}`, input)
        : api.post<Scorecard>('/api/health/scorecards', input),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['health'] }),
  });
}

export function useDeleteScorecard() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/health/scorecards/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['health'] }),
  });
}

export function useRecompute() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ accounts: number; seconds: number }>('/api/health/recompute', {}),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['health'] }),
  });
}

export function useBacktest(query: { scorecardId?: string; from?: string; to?: string }) {
  return useQuery({
    queryKey: ['health', 'backtest', query],
    queryFn: () => api.get<Backtest>('/api/health/backtest', query),
    placeholderData: keepPreviousData,
  });
}
