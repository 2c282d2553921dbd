import { account360Api } from '@shared/account360';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../../api/client';

/** The Customer 360 header figures (refetched with the account: same query-key prefix). */
export function useAccountSummary(id: string) {
  return useQuery({
    queryKey: ['account', id, 'summary'],
    queryFn: () => call(account360Api.summary, { params: { id } }),
  });
}
