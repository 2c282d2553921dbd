import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';

export interface Template {
  id: string;
  key: string | null;
  name: string;
  position: number;
  dueDays: number;
  autoEvent: string | null;
  autoCount: number | null;
  active: boolean;
}
export interface Milestone {
  templateId: string;
  dueOn: string;
  completedOn: string | null;
  completedHow: 'manual' | 'auto' | null;
  overdue: boolean;
}
export interface BoardAccount {
  id: string;
  name: string;
  firstPaidOn: string | null;
  ownerName: string | null;
  onboardingManagerName: string | null;
  currentTemplateId: string | null;
  currentDueOn: string | null;
  overdue: boolean;
  milestones: Milestone[];
}
export interface RiskReport {
  asOf: string;
  currency: string;
  weights: { green: number; yellow: number; red: number };
  accounts: {
    accountId: string;
    colour: 'green' | 'yellow' | 'red';
    score: number;
    openCtas: number;
    arrMinor: number;
  }[];
  managers: {
    onboardingManagerId: string | null;
    onboardingManagerName: string | null;
    accounts: number;
    green: number;
    yellow: number;
    red: number;
    score: number;
    arrAtRiskMinor: number;
  }[];
}

export function useBoard(filter: { onboardingManagerId?: string; ownerId?: string; segmentId?: string }) {
  return useQuery({
    queryKey: ['onboarding', 'board', filter],
    queryFn: () =>
      api.get<{ today: string; templates: Template[]; accounts: BoardAccount[] }>('/api/onboarding/board', filter),
  });
}
export function useRisk() {
  return useQuery({ queryKey: ['onboarding', 'risk'], queryFn: () => api.get<RiskReport>('/api/onboarding/risk') });
}
export function useAccountMilestones(accountId: string) {
  return useQuery({
    queryKey: ['onboarding', 'account', accountId],
    queryFn: () =>
      api.get<{ items: (Milestone & { key: string | null; name: string; completedByName: string | null })[] }>(
        `/api/accounts/${accountId}/milestones`,
      ),
    select: (d) => d.items,
  });
}
export function useCompleteMilestone(accountId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ templateId, done }: { templateId: string; done: boolean }) =>
      api.put(`/api/accounts/${accountId}/milestones/${templateId}`, { done }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['onboarding'] });
      void client.invalidateQueries({ queryKey: ['timeline', accountId] });
    },
  });
}
