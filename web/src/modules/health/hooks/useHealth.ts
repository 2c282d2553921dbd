import { healthApi, type ScorecardInput } from '@shared/health';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

export function useAccountHealth(accountId: string) {
  return useQuery({
    queryKey: ['health', 'account', accountId],
    queryFn: () => call(healthApi.account, { params: { id: accountId } }),
  });
}

export function useCurrentHealth(accountIds: string[]) {
  return useQuery({
    queryKey: ['health', 'current', accountIds],
    queryFn: () => call(healthApi.current, { query: { accountIds: accountIds.join(',') } }),
    enabled: accountIds.length > 0,
    placeholderData: keepPreviousData,
    select: (d) => d.items,
  });
}

export function useSetSentiment(accountId: string) {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: (input: { value: number; comment?: string | null; expiresOn: string }) =>
      call(healthApi.setSentiment, { params: { id: accountId }, body: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['health'] }),
  });
}

export function useScorecards() {
  return useQuery({
    queryKey: ['health', 'scorecards'],
    queryFn: () => call(healthApi.scorecards),
    select: (d) => d.items,
  });
}

export function useMeasureCatalogue() {
  return useQuery({
    queryKey: ['health', 'measures'],
    queryFn: () => call(healthApi.measures),
    select: (d) => d.items,
    staleTime: Infinity,
  });
}

export function useSaveScorecard() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: ({ id, input }: { id?: string; input: ScorecardInput }) =>
      id
        ? call(healthApi.updateScorecard, { params: { id }, body: input })
        : call(healthApi.createScorecard, { body: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['health'] }),
  });
}

export function useDeleteScorecard() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'deleted', errors: 'toast' },
    mutationFn: (id: string) => call(healthApi.removeScorecard, { params: { id } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['health'] }),
  });
}

export function useRecompute() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: () => call(healthApi.recompute, { body: {} }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['health'] }),
  });
}

export function useBacktest(query: { scorecardId?: string; from?: string; to?: string }) {
  return useQuery({
    queryKey: ['health', 'backtest', query],
    queryFn: () => call(healthApi.backtest, { query }),
    placeholderData: keepPreviousData,
  });
}
