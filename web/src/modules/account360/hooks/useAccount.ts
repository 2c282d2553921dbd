import { type AccountPatch, accountsApi } from '@shared/accounts';
import type { ContactInput } from '@shared/contacts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../../api/client';
import type { Activity, Contact, LoggableType, SubscriptionVersion } from '../../../api/types';

export const TIMELINE_PAGE_SIZE = 20;

export function useAccount(id: string) {
  return useQuery({ queryKey: ['account', id], queryFn: () => call(accountsApi.get, { params: { id } }) });
}

/** After any change to an account: its record, its timeline (system events) and the lists. */
function useRefreshAccount(id: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: ['account', id] });
    void client.invalidateQueries({ queryKey: ['timeline', id] });
    void client.invalidateQueries({ queryKey: ['accounts'] });
  };
}

export function useUpdateAccount(id: string) {
  const client = useQueryClient();
  const refresh = useRefreshAccount(id);
  return useMutation({
    mutationFn: (patch: AccountPatch) => call(accountsApi.update, { params: { id }, body: patch }),
    onSuccess: (account) => {
      client.setQueryData(['account', id], account);
      refresh();
    },
  });
}

export function useDeleteAccount(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(accountsApi.remove, { params: { id } }),
    onSuccess: () => {
      client.removeQueries({ queryKey: ['account', id] });
      void client.invalidateQueries({ queryKey: ['accounts'] });
      void client.invalidateQueries({ queryKey: ['segments'] });
    },
  });
}

export function useContacts(accountId: string) {
  return useQuery({
    queryKey: ['contacts', accountId],
    queryFn: () => api.get<{ items: Contact[] }>(`/api/accounts/${accountId}/contacts`),
    select: (d) => d.items,
  });
}

export function useSaveContact(accountId: string) {
  const client = useQueryClient();
  const refresh = useRefreshAccount(accountId);
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: Partial<ContactInput> }) =>
      id
        ? api.patch<Contact>(`/api/accounts/${accountId}/contacts/${id}`, input)
        : api.post<Contact>(`/api/accounts/${accountId}/contacts`, input),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['contacts', accountId] });
      refresh();
    },
  });
}

export function useDeleteContact(accountId: string) {
  const client = useQueryClient();
  const refresh = useRefreshAccount(accountId);
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/accounts/${accountId}/contacts/${id}`),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['contacts', accountId] });
      refresh();
    },
  });
}

export function useSubscriptions(accountId: string) {
  return useQuery({
    queryKey: ['subscriptions', accountId],
    queryFn: () => api.get<{ items: SubscriptionVersion[] }>(`/api/accounts/${accountId}/subscriptions`),
    select: (d) => d.items,
  });
}

/** The timeline newest first, a page at a time ("load more"). */
export function useTimeline(accountId: string, types: string[]) {
  return useInfiniteQuery({
    queryKey: ['timeline', accountId, types],
    initialPageParam: 1,
    queryFn: ({ pageParam }) =>
      api.get<{ items: Activity[]; total: number }>(`/api/accounts/${accountId}/timeline`, {
        page: pageParam,
        pageSize: TIMELINE_PAGE_SIZE,
        types: types.length ? types.join(',') : undefined,
      }),
    getNextPageParam: (last, pages) => (pages.length * TIMELINE_PAGE_SIZE < last.total ? pages.length + 1 : undefined),
  });
}

export interface NewActivity {
  type: LoggableType;
  subject?: string | null;
  body?: string | null;
  contactId?: string | null;
  occurredAt?: string;
}

export function useAddActivity(accountId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewActivity) => api.post<Activity>(`/api/accounts/${accountId}/timeline`, input),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['timeline', accountId] }),
  });
}
