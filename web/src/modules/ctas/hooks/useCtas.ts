import type { CtaDetail, CtaView, RuleView, TaskEmailDraft } from '@shared/ctas';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';
import type { Json } from '../../../api/types';

type Detail = Omit<CtaDetail, 'tasks' | 'comments' | 'meetingNotes'>;
export type Cta = Json<CtaView>;
export type CtaTask = Json<CtaDetail['tasks'][number]>;
export type CtaFull = Json<Detail> & {
  tasks: CtaTask[];
  comments: Json<CtaDetail['comments'][number]>[];
  meetingNotes: Json<CtaDetail['meetingNotes'][number]>[];
};
export type Rule = RuleView;
export interface CtaCounts {
  active: number;
  overdue: number;
  snoozed: number;
  flagged: number;
}

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

export function useCtaList(filters: CtaFilters) {
  return useQuery({
    queryKey: ['ctas', 'list', filters],
    queryFn: () => api.get<{ items: Cta[]; total: number; counts: CtaCounts }>('/api/ctas', { ...filters }),
    placeholderData: (previous) => previous,
  });
}

export function useCta(id: string | undefined) {
  return useQuery({
    queryKey: ['ctas', 'detail', id],
    enabled: Boolean(id),
    queryFn: () => api.get<CtaFull>(`/api/ctas/${id}`),
  });
}

/** Every CTA action answers with the fresh detail; lists and the account timeline refresh after it. */
export function useCtaAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      action,
      body,
      taskId,
    }: {
      id: string;
      action: 'comments' | 'snooze' | 'wake' | 'flag' | 'close' | 'task' | 'email' | 'meeting-notes' | 'assign';
      body?: unknown;
      taskId?: string;
    }) =>
      action === 'task'
        ? api.patch<CtaFull>(`/api/ctas/${id}/tasks/${taskId}`, body)
        : action === 'email'
          ? api.post<CtaFull>(`/api/ctas/${id}/tasks/${taskId}/email`, body)
          : api.post<CtaFull>(`/api/ctas/${id}/${action}`, body ?? {}),
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
    queryFn: () => api.get<TaskEmailDraft>(`/api/ctas/${ctaId}/tasks/${taskId}/email`),
  });
}

export function useCreateCta() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      accountId: string;
      type: string;
      title: string;
      priority: string;
      dueOn: string;
      ownerId?: string | null;
      playbookId?: string | null;
    }) => api.post<CtaFull>('/api/ctas', body),
    onSuccess: (cta) => {
      void client.invalidateQueries({ queryKey: ['ctas'] });
      void client.invalidateQueries({ queryKey: ['timeline', cta.accountId] });
    },
  });
}

export function useMeeting(on: string | undefined) {
  return useQuery({
    queryKey: ['ctas', 'meeting', on],
    queryFn: () =>
      api.get<{ meetingOn: string; items: (Cta & { meetingNotes: CtaFull['meetingNotes'] })[] }>('/api/ctas/meeting', {
        on,
      }),
  });
}

export interface EffectivenessRow {
  id: string | null;
  key: string | null;
  name: string | null;
  opened: number;
  closed: number;
  success: number;
  successRate: number | null;
  medianHoursToFirstAction: number | null;
}
export function useEffectiveness() {
  return useQuery({
    queryKey: ['ctas', 'effectiveness'],
    queryFn: () => api.get<{ rules: EffectivenessRow[]; playbooks: EffectivenessRow[] }>('/api/ctas/effectiveness'),
  });
}

export function useRules() {
  return useQuery({
    queryKey: ['cta-rules'],
    queryFn: () =>
      api.get<{ items: Rule[]; triggers: { type: string; defaults: Record<string, unknown> }[] }>('/api/cta-rules'),
  });
}

export function usePlaybooks() {
  return useQuery({
    queryKey: ['playbooks'],
    queryFn: () =>
      api.get<{
        items: {
          id: string;
          key: string | null;
          name: string;
          description: string | null;
          tasks: {
            id: string;
            key: string | null;
            title: string;
            dueDays: number;
            ownerRole: string | null;
            emailTemplate: string | null;
          }[];
        }[];
      }>('/api/playbooks'),
    select: (d) => d.items,
    staleTime: 60_000,
  });
}

export function useSaveRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: Partial<Omit<Rule, 'id' | 'key' | 'trigger' | 'openCount'>> }) =>
      api.patch<Rule>(`/api/cta-rules/${id}`, patch),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['cta-rules'] }),
  });
}

export function useRunRules() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ opened: number; closed: number }>('/api/cta-rules/run', {}),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['ctas'] });
      void client.invalidateQueries({ queryKey: ['cta-rules'] });
    },
  });
}
