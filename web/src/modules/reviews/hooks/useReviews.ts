import { type ReviewCadence, type ReviewInput, reviewsApi as api } from '@shared/reviews';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

const statusKey = (accountId: string) => ['reviews', accountId];
const cadencesKey = ['settings', 'review-cadences'];

export function useReviewStatus(accountId: string) {
  return useQuery({ queryKey: statusKey(accountId), queryFn: () => call(api.status, { params: { id: accountId } }) });
}

/** Logging a review moves the due date and clears the review CTA: the panel, the timeline and the CTAs refresh. */
export function useLogReview(accountId: string) {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'toast' },
    mutationFn: (body: ReviewInput) => call(api.log, { params: { id: accountId }, body }),
    onSuccess: (status) => {
      client.setQueryData(statusKey(accountId), status);
      void client.invalidateQueries({ queryKey: ['timeline', accountId] });
      void client.invalidateQueries({ queryKey: ['ctas'] });
    },
  });
}

export function useReviewCadences() {
  return useQuery({ queryKey: cadencesKey, queryFn: () => call(api.cadences) });
}

/**
 * Saving the cadences moves every account's due date of the tiers changed: the accounts' review panels refetch.
 * The page puts a refusal on the field it names, so the cache shows no error toast.
 */
export function useSaveReviewCadences() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: (items: ReviewCadence[]) => call(api.setCadences, { body: { items } }),
    onSuccess: (data) => {
      client.setQueryData(cadencesKey, data);
      void client.invalidateQueries({ queryKey: ['reviews'] });
    },
  });
}
