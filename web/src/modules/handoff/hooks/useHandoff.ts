import type { HandoffSettings, HandoffView } from '@shared/handoff';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';

export type Handoff = Omit<HandoffView, 'handedOverAt' | 'updatedAt'> & {
  handedOverAt: string | null;
  updatedAt: string | null;
};

export interface SendStatus {
  kind: string;
  status: 'claimed' | 'sent' | 'skipped' | 'failed';
  email: string | null;
  error: string | null;
  sentAt: string | null;
}

export function useHandoff(accountId: string) {
  return useQuery({
    queryKey: ['handoff', accountId],
    queryFn: () => api.get<Handoff>(`/api/accounts/${accountId}/handoff`),
  });
}

export function useSaveHandoff(accountId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({
      input,
      complete,
    }: {
      input: {
        answers: Record<string, string>;
        dealSizeMinor: number | null;
        salesCycleDays: number | null;
        implementationDays: number | null;
      };
      complete: boolean;
    }) => {
      const saved = await api.put<Handoff>(`/api/accounts/${accountId}/handoff`, input);
      return complete ? api.post<Handoff>(`/api/accounts/${accountId}/handoff/complete`) : saved;
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['handoff', accountId] });
      void client.invalidateQueries({ queryKey: ['timeline', accountId] });
    },
  });
}

export function useSends(accountId: string) {
  return useQuery({
    queryKey: ['sends', accountId],
    queryFn: () => api.get<{ items: SendStatus[]; mailConfigured: boolean }>(`/api/accounts/${accountId}/sends`),
  });
}

export function useHandoffSettings() {
  return useQuery({
    queryKey: ['settings', 'handoff'],
    queryFn: () => api.get<HandoffSettings>('/api/settings/handoff'),
  });
}

export function useSaveHandoffSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (value: HandoffSettings) => api.put<HandoffSettings>('/api/settings/handoff', value),
    onSuccess: (data) => client.setQueryData(['settings', 'handoff'], data),
  });
}
