import { type AccountInput, accountsApi } from '@shared/accounts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../../api/client';
import type { SavedView } from '../../../api/types';
import { type ListState, toApiQuery, type ViewState } from './useListState';

export function useAccountList(state: ListState) {
  const query = toApiQuery(state);
  return useQuery({
    queryKey: ['accounts', 'list', query],
    queryFn: () => call(accountsApi.list, { query }),
    placeholderData: keepPreviousData,
  });
}

export function useCreateAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: AccountInput) => call(accountsApi.create, { body: input }),
    onSuccess: (account) => {
      client.setQueryData(['account', account.id], account);
      void client.invalidateQueries({ queryKey: ['accounts'] });
      void client.invalidateQueries({ queryKey: ['segments'] });
    },
  });
}

const VIEWS_KEY = ['views', 'accounts'];

export function useSavedViews() {
  return useQuery({
    queryKey: VIEWS_KEY,
    queryFn: () => api.get<{ items: SavedView[] }>('/api/views', { page: 'accounts' }),
    select: (d) => d.items,
  });
}

export function useSaveView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ name, state }: { name: string; state: ViewState }) =>
      api.post<SavedView>('/api/views', { page: 'accounts', name, state }),
    onSuccess: () => void client.invalidateQueries({ queryKey: VIEWS_KEY }),
  });
}

export function useDeleteView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/views/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: VIEWS_KEY }),
  });
}
