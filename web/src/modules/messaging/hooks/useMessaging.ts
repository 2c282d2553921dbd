import { messagingApi, type TemplateInput } from '@shared/messaging';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

export function useTemplates() {
  return useQuery({ queryKey: ['messaging', 'templates'], queryFn: () => call(messagingApi.templates, {}) });
}
export function useVariables() {
  return useQuery({ queryKey: ['messaging', 'variables'], queryFn: () => call(messagingApi.variables, {}) });
}
export function useRecipients(q: string) {
  return useQuery({
    queryKey: ['messaging', 'recipients', q],
    queryFn: () => call(messagingApi.recipients, { query: { q: q || undefined } }),
  });
}
export function useSaveMessageTemplate() {
  const client = useQueryClient();
  return useMutation({
    // The editor shows refusals on the field they name.
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: ({ id, input }: { id?: string; input: TemplateInput }) =>
      id
        ? call(messagingApi.updateTemplate, { params: { id }, body: input })
        : call(messagingApi.createTemplate, { body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['messaging', 'templates'] }),
  });
}
export function useDeleteTemplate() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'deleted', errors: 'toast' },
    mutationFn: (id: string) => call(messagingApi.deleteTemplate, { params: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['messaging', 'templates'] }),
  });
}
export function usePreviewMessage() {
  return useMutation({
    meta: { toast: 'none', errors: 'toast' },
    mutationFn: ({ id, contactId, locale }: { id: string; contactId: string; locale: 'zh-CN' | 'en' }) =>
      call(messagingApi.preview, { params: { id }, body: { contactId, locale } }),
  });
}
export function useTestSendMessage() {
  return useMutation({
    meta: { toast: 'own', errors: 'toast' },
    mutationFn: ({ id, contactId, locale }: { id: string; contactId?: string; locale: 'zh-CN' | 'en' }) =>
      call(messagingApi.testSend, { params: { id }, body: { contactId, locale } }),
  });
}
export function useInboundIntake() {
  return useQuery({ queryKey: ['messaging', 'inbound'], queryFn: () => call(messagingApi.inbound, {}) });
}
export function useSuppressions() {
  return useQuery({ queryKey: ['messaging', 'suppressions'], queryFn: () => call(messagingApi.suppressions, {}) });
}
export function useAddSuppression() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'toast' },
    mutationFn: (address: string) => call(messagingApi.addSuppression, { body: { address, reason: 'manual' } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['messaging', 'suppressions'] }),
  });
}
export function useRemoveSuppression() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'deleted', errors: 'toast' },
    mutationFn: (address: string) => call(messagingApi.removeSuppression, { params: { address } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['messaging', 'suppressions'] }),
  });
}
