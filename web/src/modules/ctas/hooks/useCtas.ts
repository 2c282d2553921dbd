import { type CTA_PRIORITIES, type CTA_TYPES, ctasApi } from '@shared/ctas';
import type { InputOf, ResponseOf } from '@shared/endpoint';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

export type Cta = ResponseOf<typeof ctasApi.list>['items'][number];
export type CtaFull = ResponseOf<typeof ctasApi.detail>;
export type CtaTask = CtaFull['tasks'][number];
export type Rule = ResponseOf<typeof ctasApi.rules>['items'][number];
export type EffectivenessRow = ResponseOf<typeof ctasApi.effectiveness>['rules'][number];
type BodyOf<E extends keyof typeof ctasApi> = InputOf<(typeof ctasApi)[E]>['body'];

export interface CtaFilters {
  scope: 'mine' | 'all';
  status: 'active' | 'open' | 'snoozed' | 'closed' | 'all';
  type?: string;
  priority?: string;
  accountId?: string;
  ownerId?: string;
  overdue?: boolean;
  page: number;
  pageSize: number;
}

/**
 * The filters as the query string carries them: the pickers hold plain strings (the server checks them
 * against the CTA types and priorities) and a flag travels as 'true' / 'false'.
 */
function listQuery({ overdue, type, priority, ...rest }: CtaFilters & { overdue?: boolean }) {
  return {
    ...rest,
    type: type as (typeof CTA_TYPES)[number] | undefined,
    priority: priority as (typeof CTA_PRIORITIES)[number] | undefined,
    overdue: overdue === undefined ? undefined : overdue ? ('true' as const) : ('false' as const),
  };
}

export function useCtaList(filters: CtaFilters) {
  return useQuery({
    queryKey: ['ctas', 'list', filters],
    queryFn: () => call(ctasApi.list, { query: listQuery(filters) }),
    placeholderData: (previous) => previous,
  });
}

export function useCta(id: string | undefined) {
  return useQuery({
    queryKey: ['ctas', 'detail', id],
    enabled: Boolean(id),
    queryFn: () => call(ctasApi.detail, { params: { id: id as string } }),
  });
}

/** One action on a CTA, with the body its endpoint takes. */
export type CtaAction = { id: string } & (
  | { action: 'comments'; body: BodyOf<'comment'> }
  | { action: 'snooze'; body: BodyOf<'snooze'> }
  | { action: 'wake' }
  | { action: 'flag'; body: BodyOf<'flag'> }
  | { action: 'close'; body: BodyOf<'close'> }
  | { action: 'assign'; body: BodyOf<'assign'> }
  | { action: 'meeting-notes'; body: BodyOf<'addMeetingNote'> }
  | { action: 'task'; taskId: string; body: BodyOf<'setTask'> }
  | { action: 'email'; taskId: string; body: BodyOf<'sendTaskEmail'> }
);

function runAction(input: CtaAction): Promise<CtaFull> {
  const params = { id: input.id };
  switch (input.action) {
    case 'comments':
      return call(ctasApi.comment, { params, body: input.body });
    case 'snooze':
      return call(ctasApi.snooze, { params, body: input.body });
    case 'wake':
      return call(ctasApi.wake, { params });
    case 'flag':
      return call(ctasApi.flag, { params, body: input.body });
    case 'close':
      return call(ctasApi.close, { params, body: input.body });
    case 'assign':
      return call(ctasApi.assign, { params, body: input.body });
    case 'meeting-notes':
      return call(ctasApi.addMeetingNote, { params, body: input.body });
    case 'task':
      return call(ctasApi.setTask, { params: { ...params, taskId: input.taskId }, body: input.body });
    case 'email':
      return call(ctasApi.sendTaskEmail, { params: { ...params, taskId: input.taskId }, body: input.body });
  }
}

/** Every CTA action answers with the fresh detail; lists and the account timeline refresh after it. */
export function useCtaAction() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: (input: CtaAction) => runAction(input),
    onSuccess: (cta) => {
      client.setQueryData(['ctas', 'detail', cta.id], cta);
      void client.invalidateQueries({ queryKey: ['ctas', 'list'] });
      void client.invalidateQueries({ queryKey: ['ctas', 'meeting'] });
      void client.invalidateQueries({ queryKey: ['timeline', cta.accountId] });
    },
  });
}

/** A task's email as the server drafts it from the playbook template (fetched when the person opens it). */
export function useTaskEmailDraft(ctaId: string, taskId: string | undefined) {
  return useQuery({
    queryKey: ['ctas', 'email-draft', ctaId, taskId],
    enabled: Boolean(taskId),
    staleTime: 0,
    gcTime: 0,
    queryFn: () => call(ctasApi.taskEmailDraft, { params: { id: ctaId, taskId: taskId as string } }),
  });
}

export function useCreateCta() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: (body: BodyOf<'open'>) => call(ctasApi.open, { body }),
    onSuccess: (cta) => {
      void client.invalidateQueries({ queryKey: ['ctas'] });
      void client.invalidateQueries({ queryKey: ['timeline', cta.accountId] });
    },
  });
}

export function useMeeting(on: string | undefined) {
  return useQuery({
    queryKey: ['ctas', 'meeting', on],
    queryFn: () => call(ctasApi.meeting, { query: { on } }),
  });
}

export function useEffectiveness() {
  return useQuery({
    queryKey: ['ctas', 'effectiveness'],
    queryFn: () => call(ctasApi.effectiveness),
  });
}

export function useRules() {
  return useQuery({
    queryKey: ['cta-rules'],
    queryFn: () => call(ctasApi.rules),
  });
}

export function usePlaybooks() {
  return useQuery({
    queryKey: ['playbooks'],
    queryFn: () => call(ctasApi.playbooks),
    select: (d) => d.items,
    staleTime: 60_000,
  });
}

export function useSaveRule() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: ({ id, patch }: { id: string; patch: BodyOf<'updateRule'> }) =>
      call(ctasApi.updateRule, { params: { id }, body: patch }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['cta-rules'] }),
  });
}

export function useRunRules() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: () => call(ctasApi.runRules),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['ctas'] });
      void client.invalidateQueries({ queryKey: ['cta-rules'] });
    },
  });
}
