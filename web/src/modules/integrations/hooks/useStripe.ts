import { billingApi } from '@shared/billing';
import type { ResponseOf } from '@shared/endpoint';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

/** GET /api/integrations/stripe: never the secret itself, only where it comes from. */
export type StripeStatus = ResponseOf<typeof billingApi.stripe>;

const KEY = ['integrations', 'stripe'];

export function useStripeStatus() {
  return useQuery({
    queryKey: KEY,
    queryFn: () => call(billingApi.stripe),
    refetchInterval: 30_000,
  });
}

/** Sets the signing secret kept in settings, or clears it with null. */
export function useSetStripeSecret() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: (webhookSecret: string | null) => call(billingApi.setStripeSecret, { body: { webhookSecret } }),
    onSuccess: (status) => client.setQueryData(KEY, status),
  });
}
