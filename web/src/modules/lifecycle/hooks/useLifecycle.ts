import { type LifecycleSettings, type LifecycleStage, lifecycleApi } from '@shared/lifecycle';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

export function useLifecycle(accountId: string) {
  return useQuery({
    queryKey: ['lifecycle', accountId],
    queryFn: () => call(lifecycleApi.get, { params: { id: accountId } }),
  });
}

export function useSetStage(accountId: string) {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: (input: { stage: LifecycleStage; reason: string } | null) =>
      input
        ? call(lifecycleApi.setOverride, { params: { id: accountId }, body: input })
        : call(lifecycleApi.clearOverride, { params: { id: accountId } }),
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
    queryFn: () => call(lifecycleApi.settings),
  });
}

export function useSaveLifecycleSettings() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: (value: LifecycleSettings) => call(lifecycleApi.saveSettings, { body: value }),
    onSuccess: (saved) => client.setQueryData(['settings', 'lifecycle'], saved),
  });
}

/** Recomputes every account's stage now (otherwise the nightly run and new data do it). */
export function useRunLifecycle() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: () => call(lifecycleApi.run),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['lifecycle'] });
      void client.invalidateQueries({ queryKey: ['accounts'] });
    },
  });
}
