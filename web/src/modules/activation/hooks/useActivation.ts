import { activationApi } from '@shared/activation';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from '../../../api/client';

export function useActivationCohorts(horizon: number, months: number) {
  return useQuery({
    queryKey: ['activation', 'cohorts', horizon, months],
    queryFn: () => call(activationApi.cohorts, { query: { horizon, months } }),
    placeholderData: keepPreviousData,
  });
}

export function useOnboardingRetention() {
  return useQuery({
    queryKey: ['activation', 'retention'],
    queryFn: () => call(activationApi.retention, {}),
  });
}

export function useConcentration() {
  return useQuery({
    queryKey: ['activation', 'concentration'],
    queryFn: () => call(activationApi.concentration, {}),
  });
}

export function useAccountConcentration(accountId: string) {
  return useQuery({
    queryKey: ['activation', 'account', accountId],
    queryFn: () => call(activationApi.account, { params: { id: accountId } }),
  });
}
