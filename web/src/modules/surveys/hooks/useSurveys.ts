import { messagingApi } from '@shared/messaging';
import { segmentsApi } from '@shared/segments';
import { type SurveyInputBody, surveysApi } from '@shared/surveys';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

export function useSurveys() {
  return useQuery({ queryKey: ['surveys'], queryFn: () => call(surveysApi.list, {}) });
}

export function useSurveyReport(id: string) {
  return useQuery({ queryKey: ['surveys', 'report', id], queryFn: () => call(surveysApi.report, { params: { id } }) });
}

/** The invitation templates to choose from (customer messaging's). */
export function useInvitationTemplates() {
  return useQuery({ queryKey: ['messaging', 'templates'], queryFn: () => call(messagingApi.templates, {}) });
}

export function useSegmentOptions() {
  return useQuery({ queryKey: ['segments'], queryFn: () => call(segmentsApi.list), select: (d) => d.items });
}

export function useSaveSurvey() {
  const client = useQueryClient();
  return useMutation({
    // The form shows refusals on their fields.
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: ({ id, input }: { id?: string; input: SurveyInputBody }) =>
      id ? call(surveysApi.update, { params: { id }, body: input }) : call(surveysApi.create, { body: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['surveys'] }),
  });
}

export function useSendSurvey() {
  const client = useQueryClient();
  return useMutation({
    // The dialog shows the counts sent and skipped instead of a plain "Saved".
    meta: { toast: 'own', errors: 'toast' },
    mutationFn: ({ id, target }: { id: string; target: { accountId?: string; segmentId?: string } }) =>
      call(surveysApi.send, { params: { id }, body: target }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['surveys'] }),
  });
}
