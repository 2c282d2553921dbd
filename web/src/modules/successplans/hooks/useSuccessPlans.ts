import {
  type NeedsInput,
  type ObjectiveInput,
  type ObjectivePatch,
  successPlansApi as api,
  type TaskInput,
  type TemplateInput,
  type ValuePointInput,
} from '@shared/successplans';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

const planKey = (accountId: string) => ['success-plan', accountId];

export function usePlan(accountId: string) {
  return useQuery({ queryKey: planKey(accountId), queryFn: () => call(api.plan, { params: { id: accountId } }) });
}

export function useValuePoints() {
  return useQuery({ queryKey: ['value-points'], queryFn: () => call(api.valuePoints), select: (d) => d.items });
}

export function usePlanTemplates() {
  return useQuery({ queryKey: ['success-plan-templates'], queryFn: () => call(api.templates), select: (d) => d.items });
}

/** Every change to an account's plan refreshes the plan (values, progress, tasks). */
function usePlanMutation<V>(accountId: string, fn: (v: V) => Promise<unknown>, toast: 'saved' | 'deleted' = 'saved') {
  const client = useQueryClient();
  const onSuccess = () => client.invalidateQueries({ queryKey: planKey(accountId) });
  const saved = useMutation({ meta: { toast: 'saved', errors: 'toast' }, mutationFn: fn, onSuccess });
  const deleted = useMutation({ meta: { toast: 'deleted', errors: 'toast' }, mutationFn: fn, onSuccess });
  return toast === 'deleted' ? deleted : saved;
}

export function useCreateObjective(accountId: string) {
  return usePlanMutation(accountId, (body: ObjectiveInput) =>
    call(api.createObjective, { params: { id: accountId }, body }),
  );
}
export function useUpdateObjective(accountId: string) {
  return usePlanMutation(accountId, ({ id, body }: { id: string; body: ObjectivePatch }) =>
    call(api.updateObjective, { params: { id }, body }),
  );
}
export function useDeleteObjective(accountId: string) {
  return usePlanMutation(accountId, (id: string) => call(api.deleteObjective, { params: { id } }), 'deleted');
}
export function useCreateTask(accountId: string) {
  return usePlanMutation(accountId, ({ objectiveId, body }: { objectiveId: string; body: TaskInput }) =>
    call(api.createTask, { params: { id: objectiveId }, body }),
  );
}
export function useUpdateTask(accountId: string) {
  return usePlanMutation(accountId, ({ id, body }: { id: string; body: Partial<TaskInput> }) =>
    call(api.updateTask, { params: { id }, body }),
  );
}
export function useDeleteTask(accountId: string) {
  return usePlanMutation(accountId, (id: string) => call(api.deleteTask, { params: { id } }), 'deleted');
}
export function useApplyTemplate(accountId: string) {
  return usePlanMutation(accountId, (templateId: string) =>
    call(api.applyTemplate, { params: { id: accountId }, body: { templateId } }),
  );
}
export function useSaveNeeds(accountId: string) {
  return usePlanMutation(accountId, (body: NeedsInput) => call(api.saveNeeds, { params: { id: accountId }, body }));
}
export function useCreateLink(accountId: string) {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'none', errors: 'toast' },
    mutationFn: () => call(api.createLink, { params: { id: accountId } }),
    onSuccess: () => client.invalidateQueries({ queryKey: planKey(accountId) }),
  });
}
export function useRevokeLink(accountId: string) {
  return usePlanMutation(accountId, () => call(api.revokeLink, { params: { id: accountId } }), 'deleted');
}

export function useSaveValuePoint() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'toast' },
    mutationFn: ({ id, body }: { id: string | null; body: ValuePointInput }) =>
      id ? call(api.updateValuePoint, { params: { id }, body }) : call(api.createValuePoint, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['value-points'] }),
  });
}
export function useDeleteValuePoint() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'deleted', errors: 'toast' },
    mutationFn: (id: string) => call(api.deleteValuePoint, { params: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['value-points'] }),
  });
}
export function useSaveTemplate() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'toast' },
    mutationFn: ({ id, body }: { id: string | null; body: TemplateInput }) =>
      id ? call(api.updateTemplate, { params: { id }, body }) : call(api.createTemplate, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['success-plan-templates'] }),
  });
}
export function useDeleteTemplate() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'deleted', errors: 'toast' },
    mutationFn: (id: string) => call(api.deleteTemplate, { params: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['success-plan-templates'] }),
  });
}
