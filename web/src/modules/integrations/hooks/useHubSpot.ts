import { connectorsApi, type HubSpotSettingsBody } from '@shared/connectors';
import type { ResponseOf } from '@shared/endpoint';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

/** GET /api/integrations/hubspot: the settings (never the token, only its last characters) and the sync log. */
export type HubSpotStatus = ResponseOf<typeof connectorsApi.hubspot>;

const KEY = ['integrations', 'hubspot'];

export function useHubSpotStatus() {
  return useQuery({
    queryKey: KEY,
    queryFn: () => call(connectorsApi.hubspot),
    refetchInterval: (query) => (query.state.data?.runs.some((r) => r.status === 'running') ? 2_000 : 30_000),
  });
}

export function useSaveHubSpot() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: (body: HubSpotSettingsBody) => call(connectorsApi.saveHubSpot, { body }),
    onSuccess: (status) => client.setQueryData(KEY, status),
  });
}

/** Tries the saved access token; the page shows the answer. */
export function useTestHubSpot() {
  return useMutation({
    meta: { toast: 'none', errors: 'toast' },
    mutationFn: () => call(connectorsApi.testHubSpot),
  });
}

/** Queues a sync; the log shows its run. */
export function useSyncHubSpot() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'none', errors: 'toast' },
    mutationFn: (from: 'cursor' | 'start' = 'cursor') => call(connectorsApi.syncHubSpot, { query: { from } }),
    onSuccess: (status) => client.setQueryData(KEY, status),
  });
}
