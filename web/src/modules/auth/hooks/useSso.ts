import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type SsoConfigInput, ssoApi } from '@shared/sso';
import { call } from '../../../api/client';

const STATUS_KEY = ['sso', 'status'] as const;
const CONFIG_KEY = ['sso', 'config'] as const;

/** Whether the sign-in page offers "Sign in with SSO". */
export function useSsoStatus() {
  return useQuery({ queryKey: STATUS_KEY, queryFn: () => call(ssoApi.status), staleTime: 60_000 });
}

/** Starts single sign-on and sends the browser to the identity provider. */
export function useSsoStart() {
  return useMutation({
    meta: { toast: 'none', errors: 'own' },
    mutationFn: (email: string | undefined) => call(ssoApi.start, { body: email ? { email } : {} }),
    onSuccess: ({ url }) => window.location.assign(url),
  });
}

export function useSsoConfig() {
  return useQuery({ queryKey: CONFIG_KEY, queryFn: () => call(ssoApi.config) });
}

export function useSaveSsoConfig() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: (body: SsoConfigInput) => call(ssoApi.updateConfig, { body }),
    onSuccess: (config) => {
      client.setQueryData(CONFIG_KEY, config);
      void client.invalidateQueries({ queryKey: STATUS_KEY });
    },
  });
}

/** "Test connection": fetches the issuer's discovery document; nothing is saved. */
export function useTestSso() {
  return useMutation({
    meta: { toast: 'none', errors: 'toast' },
    mutationFn: (issuerUrl: string | undefined) => call(ssoApi.test, { body: issuerUrl ? { issuerUrl } : {} }),
  });
}
