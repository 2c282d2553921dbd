import { accountsApi } from '@shared/accounts';
import type { RuleSet } from '@shared/conditions';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../../api/client';
import type { Segment } from '../../../api/types';

export interface SegmentInput {
  name: string;
  description?: string | null;
  rules: RuleSet;
}

export function useSegments() {
  return useQuery({
    queryKey: ['segments'],
    queryFn: () => api.get<{ items: Segment[] }>('/api/segments'),
    select: (d) => d.items,
  });
}

export function useSaveSegment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: SegmentInput }) =>
      id ? api.patch<Segment>(`/api/segments/${id}`, input) : api.post<Segment>('/api/segments', input),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['segments'] });
      void client.invalidateQueries({ queryKey: ['accounts', 'list'] });
    },
  });
}

export function useDeleteSegment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/segments/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['segments'] }),
  });
}

/** How many accounts a rule set matches right now, asked of the accounts list (one row). */
export function useMatchCount(rules: RuleSet | undefined) {
  return useQuery({
    queryKey: ['accounts', 'count', rules],
    enabled: Boolean(rules?.conditions.length),
    queryFn: () =>
      call(accountsApi.list, {
        query: { pageSize: 1, filters: JSON.stringify(rules!.conditions), match: rules!.match },
      }),
    select: (d) => d.total,
    staleTime: 10_000,
  });
}
