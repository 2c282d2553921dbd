import { valueReportsApi } from '@shared/value';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

export function useValueReport(accountId: string) {
  return useQuery({
    queryKey: ['valueReport', accountId],
    queryFn: () => call(valueReportsApi.state, { params: { id: accountId } }),
  });
}

export function useSetValueReport(accountId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (enabled: boolean) =>
      call(valueReportsApi.setEnabled, { params: { id: accountId }, body: { enabled } }),
    onSuccess: (state) => client.setQueryData(['valueReport', accountId], state),
    meta: { toast: 'saved', errors: 'toast' },
  });
}

export function useValueReportPreview(accountId: string, month: string, enabled: boolean) {
  return useQuery({
    queryKey: ['valueReport', accountId, 'preview', month],
    queryFn: () => call(valueReportsApi.preview, { params: { id: accountId }, query: { month } }),
    enabled,
  });
}

export function useSendValueReportTest(accountId: string) {
  return useMutation({
    mutationFn: (month: string) => call(valueReportsApi.sendTest, { params: { id: accountId }, body: { month } }),
    meta: { toast: 'own', errors: 'toast' },
  });
}
