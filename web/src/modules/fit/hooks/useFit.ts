import type { ResponseOf } from '@shared/endpoint';
import { type CustomerMaturityInput, type FitCriterionInput, fitApi } from '@shared/fit';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

export type AccountFit = ResponseOf<typeof fitApi.account>;
export type FitCriterion = ResponseOf<typeof fitApi.criteria>['criteria'][number];
export type CustomerMaturity = NonNullable<ResponseOf<typeof fitApi.maturity>['current']>;

/** Keyed under the handoff: saving the handoff (the BANT answers) refetches the fit with it. */
export function useAccountFit(accountId: string) {
  return useQuery({
    queryKey: ['handoff', accountId, 'fit'],
    queryFn: () => call(fitApi.account, { params: { id: accountId } }),
  });
}

export function useFitCriteria() {
  return useQuery({ queryKey: ['settings', 'fit'], queryFn: () => call(fitApi.criteria) });
}

export function useSaveFitCriteria() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: (criteria: FitCriterionInput[]) => call(fitApi.saveCriteria, { body: { criteria } }),
    onSuccess: (data) => {
      client.setQueryData(['settings', 'fit'], data);
      void client.invalidateQueries({ queryKey: ['handoff'] });
      void client.invalidateQueries({ queryKey: ['accounts'] });
    },
  });
}

export function useCustomerMaturity(accountId: string) {
  return useQuery({
    queryKey: ['customer-maturity', accountId],
    queryFn: () => call(fitApi.maturity, { params: { id: accountId } }),
  });
}

export function useAssessMaturity(accountId: string) {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'toast' },
    mutationFn: (input: CustomerMaturityInput) =>
      call(fitApi.assessMaturity, { params: { id: accountId }, body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['customer-maturity', accountId] }),
  });
}
