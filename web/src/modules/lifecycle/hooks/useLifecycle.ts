import type { LifecycleSettings, LifecycleStage } from '@shared/lifecycle';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';

export interface LifecycleView {
  accountId: string;
  stage: LifecycleStage | null;
  computedStage: LifecycleStage | null;
  override: { stage: LifecycleStage; reason: string; setByName: string | null; setAt: string } | null;
}

export function useLifecycle(accountId: string) {
  return useQuery({
    queryKey: ['lifecycle', accountId],
    queryFn: () => api.get<LifecycleView>(`/api/accounts/${accountId}/lifecycle`),
  });
}

export function useSetStage(accountId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { stage: LifecycleStage; reason: string } | null) =>
      input
        ? api.put<LifecycleView>(`/api/accounts/${accountId}/lifecycle/override`, input)
        : api.delete<LifecycleView>(`/api/accounts/${accountId}/lifecycle/override`),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['lifecycle', accountId] });
      void client.invalidateQueries({ queryKey: ['account', accountId] });
      void client.invalidateQueries({ queryKey: ['timeline', accountId] });
    },
  });
}

export function useLifecycleSettings() {
  return useQuery({
    queryKey: ['settings', 'lifecycle'],
    queryFn: () => api.get<LifecycleSettings>('/api/settings/lifecycle'),
  });
}

export function useSaveLifecycleSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (value: LifecycleSettings) => api.put<LifecycleSettings>('/api/settings/lifecycle', value),
    onSuccess: (saved) => client.setQueryData(['settings', 'lifecycle'], saved),
  });
}

/** Recomputes every account's stage now (otherwise the nightly run and new data do it). */
export function useRunLifecycle() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ asOf: string; changed: { accountId: string }[] }>('/api/lifecycle/run'),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['lifecycle'] });
      void client.invalidateQueries({ queryKey: ['accounts'] });
    },
  });
}
