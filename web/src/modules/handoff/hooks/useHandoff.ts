import type { ResponseOf } from '@shared/endpoint';
import { type HandoffInput, type HandoffSettings, handoffApi } from '@shared/handoff';
import { welcomeApi } from '@shared/welcome';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

export type Handoff = ResponseOf<typeof handoffApi.get>;

export type SendStatus = ResponseOf<typeof welcomeApi.sends>['items'][number];

export function useHandoff(accountId: string) {
  return useQuery({
    queryKey: ['handoff', accountId],
    queryFn: () => call(handoffApi.get, { params: { id: accountId } }),
  });
}

export function useSaveHandoff(accountId: string) {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: async ({ input, complete }: { input: HandoffInput; complete: boolean }) => {
      const params = { id: accountId };
      const saved = await call(handoffApi.save, { params, body: input });
      return complete ? call(handoffApi.complete, { params }) : saved;
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
    queryFn: () => call(welcomeApi.sends, { params: { id: accountId } }),
  });
}

export function useHandoffSettings() {
  return useQuery({
    queryKey: ['settings', 'handoff'],
    queryFn: () => call(handoffApi.settings),
  });
}

export function useSaveHandoffSettings() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: (value: HandoffSettings) => call(handoffApi.saveSettings, { body: value }),
    onSuccess: (data) => client.setQueryData(['settings', 'handoff'], data),
  });
}
