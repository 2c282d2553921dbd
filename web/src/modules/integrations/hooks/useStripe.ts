import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';

/** GET /api/integrations/stripe: never the secret itself, only where it comes from. */
export interface StripeStatus {
  webhookUrl: string;
  secretSource: 'env' | 'settings' | null;
  lastEvent: { id: string; type: string; created: string; receivedAt: string } | null;
  events: { total: number; applied: number; stale: number; ignored: number; refused: number };
  /** Signed events Tenure could not apply (acknowledged to Stripe so it stops retrying), newest first. */
  refusals: { id: string; type: string; created: string; receivedAt: string; reason: string }[];
  customers: number;
  subscriptions: number;
  invoices: number;
}

const KEY = ['integrations', 'stripe'];

export function useStripeStatus() {
  return useQuery({
    queryKey: KEY,
    queryFn: () => api.get<StripeStatus>('/api/integrations/stripe'),
    refetchInterval: 30_000,
  });
}

/** Sets the signing secret kept in settings, or clears it with null. */
export function useSetStripeSecret() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (webhookSecret: string | null) => api.put<StripeStatus>('/api/integrations/stripe', { webhookSecret }),
    onSuccess: (status) => client.setQueryData(KEY, status),
  });
}
