import { benchmarksApi, type PeerGroup } from '@shared/benchmarks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from '../../../api/client';

export function useBenchmark(accountId: string, group: PeerGroup) {
  return useQuery({
    queryKey: ['benchmark', accountId, group],
    queryFn: () => call(benchmarksApi.account, { params: { id: accountId }, query: { group } }),
    placeholderData: keepPreviousData,
  });
}
