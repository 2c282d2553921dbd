import { type ReviewInput, reviewsApi as api } from '@shared/reviews';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

const statusKey = (accountId: string) => ['reviews', accountId];

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
