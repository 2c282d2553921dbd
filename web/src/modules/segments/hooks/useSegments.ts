import { accountsApi } from '@shared/accounts';
import type { RuleSet } from '@shared/conditions';
import { type SegmentInput, segmentsApi } from '@shared/segments';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

export type { SegmentInput };

export function useSegments() {
  return useQuery({
    queryKey: ['segments'],
    queryFn: () => call(segmentsApi.list),
    select: (d) => d.items,
  });
}

export function useSaveSegment() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: ({ id, input }: { id?: string; input: SegmentInput }) =>
      id ? call(segmentsApi.update, { params: { id }, body: input }) : call(segmentsApi.create, { body: input }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['segments'] });
      void client.invalidateQueries({ queryKey: ['accounts', 'list'] });
    },
  });
}

export function useDeleteSegment() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'deleted', errors: 'own' },
    mutationFn: (id: string) => call(segmentsApi.remove, { params: { id } }),
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
