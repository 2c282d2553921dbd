import { type JourneyStatus, journeysApi, type ParticipantStatus } from '@shared/journeys';
import type { JourneyInput } from '@shared/journeys';
import { messagingApi } from '@shared/messaging';
import { segmentsApi } from '@shared/segments';
import { surveysApi } from '@shared/surveys';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { call } from '../../../api/client';
import type { journeyInputSchema } from '@shared/journeys';

/** What the editor sends: the input form of the schema (defaults may be left out). */
export type JourneyInputBody = z.input<typeof journeyInputSchema>;
export type { JourneyInput };

export interface JourneyListFilter {
  page: number;
  pageSize: number;
  status?: JourneyStatus;
  q?: string;
}

export function useJourneyList(filter: JourneyListFilter) {
  return useQuery({
    queryKey: ['journeys', 'list', filter],
    queryFn: () => call(journeysApi.list, { query: filter }),
    placeholderData: keepPreviousData,
  });
}

export function useJourney(id: string) {
  return useQuery({ queryKey: ['journeys', 'one', id], queryFn: () => call(journeysApi.get, { params: { id } }) });
}

export interface ParticipantFilter {
  page: number;
  pageSize: number;
  status?: ParticipantStatus;
  stepId?: string;
  q?: string;
}

export function useParticipants(id: string, filter: ParticipantFilter) {
  return useQuery({
    queryKey: ['journeys', 'participants', id, filter],
    queryFn: () => call(journeysApi.participants, { params: { id }, query: filter }),
    placeholderData: keepPreviousData,
  });
}

export function useAccountJourneys(accountId: string) {
  return useQuery({
    queryKey: ['journeys', 'account', accountId],
    queryFn: () => call(journeysApi.ofAccount, { params: { id: accountId } }),
  });
}

/** Messaging templates for send steps (their channel is shown beside the name). */
export function useTemplateOptions() {
  return useQuery({
    queryKey: ['messaging', 'templates'],
    queryFn: () => call(messagingApi.templates, {}),
    select: (d) => d.items,
  });
}

/** Active surveys, for a survey step. */
export function useSurveyOptions() {
  return useQuery({
    queryKey: ['surveys'],
    queryFn: () => call(surveysApi.list, {}),
    select: (d) => d.filter((s) => s.active),
  });
}

export function useSegmentOptions() {
  return useQuery({ queryKey: ['segments'], queryFn: () => call(segmentsApi.list), select: (d) => d.items });
}

export function useCreateJourney() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: (body: JourneyInputBody) => call(journeysApi.create, { body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['journeys'] }),
  });
}

/** Saving the draft: the editor puts a refusal's issues on the steps and fields they name. */
export function useSaveJourney(id: string) {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: (body: JourneyInputBody) => call(journeysApi.update, { params: { id }, body }),
    onSuccess: (saved) => {
      client.setQueryData(['journeys', 'one', id], saved);
      void client.invalidateQueries({ queryKey: ['journeys', 'list'] });
    },
  });
}

type LifecycleAction = 'publish' | 'pause' | 'resume' | 'archive';

/** Publish, pause, resume, archive: each answers with the journey as it now is. */
export function useJourneyAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'toast' },
    mutationFn: (action: LifecycleAction) => call(journeysApi[action], { params: { id } }),
    onSuccess: (journey) => {
      client.setQueryData(['journeys', 'one', id], journey);
      void client.invalidateQueries({ queryKey: ['journeys'] });
    },
  });
}

export function useEnrol(id: string) {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'toast' },
    mutationFn: (accountIds: string[]) => call(journeysApi.enrol, { params: { id }, body: { accountIds } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['journeys'] }),
  });
}

export function useRemoveParticipant(id: string) {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'deleted', errors: 'toast' },
    mutationFn: (participantId: string) => call(journeysApi.removeParticipant, { params: { id, participantId } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['journeys'] }),
  });
}
