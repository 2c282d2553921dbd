import { connectorsApi, type SalesforceSettingsBody } from '@shared/connectors';
import type { ResponseOf } from '@shared/endpoint';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

/** GET /api/integrations/salesforce: the settings (never the token, only its last characters) and the sync log. */
export type SalesforceStatus = ResponseOf<typeof connectorsApi.salesforce>;

const KEY = ['integrations', 'salesforce'];

export function useSalesforceStatus() {
  return useQuery({
    queryKey: KEY,
    queryFn: () => call(connectorsApi.salesforce),
    refetchInterval: (query) => (query.state.data?.runs.some((r) => r.status === 'running') ? 2_000 : 30_000),
  });
}

export function useSaveSalesforce() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: (body: SalesforceSettingsBody) => call(connectorsApi.saveSalesforce, { body }),
    onSuccess: (status) => client.setQueryData(KEY, status),
  });
}

/** Tries the saved credentials; the page shows the answer. */
export function useTestSalesforce() {
  return useMutation({
    meta: { toast: 'none', errors: 'toast' },
    mutationFn: () => call(connectorsApi.testSalesforce),
  });
}

/** Queues a sync; the log shows its run. */
export function useSyncSalesforce() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'none', errors: 'toast' },
    mutationFn: (from: 'cursor' | 'start' = 'cursor') => call(connectorsApi.syncSalesforce, { query: { from } }),
    onSuccess: (status) => client.setQueryData(KEY, status),
  });
}
