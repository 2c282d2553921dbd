import { inappApi } from '@shared/inapp';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

export function useInAppSettings() {
  return useQuery({ queryKey: ['messaging', 'inapp'], queryFn: () => call(inappApi.settings, {}) });
}
export function useRotateInAppSecret() {
  const client = useQueryClient();
  return useMutation({
    // The page shows the new secret itself (once).
    meta: { toast: 'own', errors: 'toast' },
    mutationFn: () => call(inappApi.rotateSecret, {}),
    onSuccess: () => client.invalidateQueries({ queryKey: ['messaging', 'inapp'] }),
  });
}
