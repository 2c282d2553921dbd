import { type AccountPatch, accountsApi } from '@shared/accounts';
import { type ContactInput, contactsApi } from '@shared/contacts';
import { subscriptionsApi } from '@shared/subscriptions';
import { type ActivityInput, timelineApi } from '@shared/timeline';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

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
    meta: { toast: 'saved', errors: 'own' },
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
    meta: { toast: 'own', errors: 'own' },
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
    queryFn: () => call(contactsApi.list, { params: { id: accountId } }),
    select: (d) => d.items,
  });
}

export function useSaveContact(accountId: string) {
  const client = useQueryClient();
  const refresh = useRefreshAccount(accountId);
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: ({ id, input }: { id?: string; input: ContactInput }) =>
      id
        ? call(contactsApi.update, { params: { id: accountId, contactId: id }, body: input })
        : call(contactsApi.create, { params: { id: accountId }, body: input }),
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
    meta: { toast: 'deleted', errors: 'own' },
    mutationFn: (id: string) => call(contactsApi.remove, { params: { id: accountId, contactId: id } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['contacts', accountId] });
      refresh();
    },
  });
}

export function useSubscriptions(accountId: string) {
  return useQuery({
    queryKey: ['subscriptions', accountId],
    queryFn: () => call(subscriptionsApi.list, { params: { id: accountId } }),
    select: (d) => d.items,
  });
}

/** The timeline newest first, a page at a time ("load more"). */
export function useTimeline(accountId: string, types: string[]) {
  return useInfiniteQuery({
    queryKey: ['timeline', accountId, types],
    initialPageParam: 1,
    queryFn: ({ pageParam }) =>
      call(timelineApi.list, {
        params: { id: accountId },
        query: { page: pageParam, pageSize: TIMELINE_PAGE_SIZE, types: types.length ? types.join(',') : undefined },
      }),
    getNextPageParam: (last, pages) => (pages.length * TIMELINE_PAGE_SIZE < last.total ? pages.length + 1 : undefined),
  });
}

export type NewActivity = ActivityInput;

export function useAddActivity(accountId: string) {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: (input: NewActivity) => call(timelineApi.add, { params: { id: accountId }, body: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['timeline', accountId] }),
  });
}
