import {
  type AdvocateInput,
  type AdvocatePatch,
  type Advocate,
  type Candidate,
  expansionApi,
  type Opportunity,
  type OpportunityInput,
  type OpportunityPatch,
  type OpportunityStage,
  type Referral,
  type ReferralInput,
  type ReferralPatch,
  type StageTotal,
} from '@shared/renewals';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

export type { Advocate, Candidate, Opportunity, Referral, StageTotal };

export function useOpportunities(query: { stage?: OpportunityStage; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['opportunities', query],
    queryFn: () => call(expansionApi.opportunities, { query }),
    placeholderData: keepPreviousData,
  });
}

export function useOpportunityHistory(id: string | null) {
  return useQuery({
    queryKey: ['opportunities', 'history', id],
    queryFn: () => call(expansionApi.opportunityHistory, { params: { id: id! } }),
    enabled: Boolean(id),
  });
}

/** Creates an opportunity, or changes the one named by `id`. */
export function useSaveOpportunity() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: (input: ({ id: string } & OpportunityPatch) | ({ id?: undefined } & OpportunityInput)) => {
      if (input.id === undefined) return call(expansionApi.createOpportunity, { body: input });
      const { id, ...body } = input;
      return call(expansionApi.updateOpportunity, { params: { id }, body });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['opportunities'] }),
  });
}

export function useCandidates() {
  return useQuery({
    queryKey: ['renewals', 'advocacy', 'candidates'],
    queryFn: () => call(expansionApi.candidates),
    select: (d) => d.items,
  });
}
export function useAdvocates() {
  return useQuery({
    queryKey: ['renewals', 'advocacy', 'advocates'],
    queryFn: () => call(expansionApi.advocates),
    select: (d) => d.items,
  });
}
export function useReferrals() {
  return useQuery({
    queryKey: ['renewals', 'advocacy', 'referrals'],
    queryFn: () => call(expansionApi.referrals),
    select: (d) => d.items,
  });
}

/** Every advocacy write refreshes the candidates, advocates and referrals together. */
function useAdvocacyWrite<T>(send: (input: T) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: send,
    onSuccess: () => client.invalidateQueries({ queryKey: ['renewals', 'advocacy'] }),
  });
}

export const useTrackAdvocate = () =>
  useAdvocacyWrite((body: AdvocateInput) => call(expansionApi.trackAdvocate, { body }));
export const useUpdateAdvocate = () =>
  useAdvocacyWrite(({ id, ...body }: { id: string } & AdvocatePatch) =>
    call(expansionApi.updateAdvocate, { params: { id }, body }),
  );
export const useAddReferral = () => useAdvocacyWrite((body: ReferralInput) => call(expansionApi.addReferral, { body }));
export const useUpdateReferral = () =>
  useAdvocacyWrite(({ id, ...body }: { id: string } & ReferralPatch) =>
    call(expansionApi.updateReferral, { params: { id }, body }),
  );
