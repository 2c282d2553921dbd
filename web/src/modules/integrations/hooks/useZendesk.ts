import { connectorsApi, type ZendeskSettingsBody } from '@shared/connectors';
import type { ResponseOf } from '@shared/endpoint';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

/** GET /api/integrations/zendesk: the settings (never the token, only its last characters) and the sync log. */
export type ZendeskStatus = ResponseOf<typeof connectorsApi.zendesk>;
export type ConnectorRunView = ZendeskStatus['runs'][number];

const KEY = ['integrations', 'zendesk'];

export function useZendeskStatus() {
  return useQuery({
    queryKey: KEY,
    queryFn: () => call(connectorsApi.zendesk),
    // A queued sync shows up in the log while it runs.
    refetchInterval: (query) => (query.state.data?.runs.some((r) => r.status === 'running') ? 2_000 : 30_000),
  });
}

export function useSaveZendesk() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: (body: ZendeskSettingsBody) => call(connectorsApi.saveZendesk, { body }),
    onSuccess: (status) => client.setQueryData(KEY, status),
  });
}

/** Tries the saved credentials; the page shows the answer. */
export function useTestZendesk() {
  return useMutation({
    meta: { toast: 'none', errors: 'toast' },
    mutationFn: () => call(connectorsApi.testZendesk),
  });
}

/** Queues a sync; the log shows its run. */
export function useSyncZendesk() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'none', errors: 'toast' },
    mutationFn: (from: 'cursor' | 'start' = 'cursor') => call(connectorsApi.syncZendesk, { query: { from } }),
    onSuccess: (status) => client.setQueryData(KEY, status),
  });
}
