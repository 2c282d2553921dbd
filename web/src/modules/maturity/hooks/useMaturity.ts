import { type MaturityInput, maturityApi } from '@shared/maturity';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

export function useMaturityHistory() {
  return useQuery({ queryKey: ['maturity'], queryFn: () => call(maturityApi.list, {}) });
}

export function useRecordMaturity() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'toast' },
    mutationFn: (input: MaturityInput) => call(maturityApi.create, { body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['maturity'] }),
  });
}
