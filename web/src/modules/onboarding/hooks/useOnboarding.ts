import type { ResponseOf } from '@shared/endpoint';
import { milestonesApi } from '@shared/milestones';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

export type Template = ResponseOf<typeof milestonesApi.templates>['items'][number];
export type BoardAccount = ResponseOf<typeof milestonesApi.board>['accounts'][number];

export function useBoard(filter: { onboardingManagerId?: string; ownerId?: string; segmentId?: string }) {
  return useQuery({
    queryKey: ['onboarding', 'board', filter],
    queryFn: () => call(milestonesApi.board, { query: filter }),
  });
}
export function useRisk() {
  return useQuery({ queryKey: ['onboarding', 'risk'], queryFn: () => call(milestonesApi.risk) });
}
export function useAccountMilestones(accountId: string) {
  return useQuery({
    queryKey: ['onboarding', 'account', accountId],
    queryFn: () => call(milestonesApi.forAccount, { params: { id: accountId } }),
    select: (d) => d.items,
  });
}
export function useCompleteMilestone(accountId: string) {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'toast' },
    mutationFn: ({ templateId, done }: { templateId: string; done: boolean }) =>
      call(milestonesApi.complete, { params: { id: accountId, templateId }, body: { done } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['onboarding'] });
      void client.invalidateQueries({ queryKey: ['timeline', accountId] });
    },
  });
}
