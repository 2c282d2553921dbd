import { type AccountInput, accountsApi } from '@shared/accounts';
import { viewsApi } from '@shared/views';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';
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
    meta: { toast: 'own', errors: 'own' },
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
    queryFn: () => call(viewsApi.list, { query: { page: 'accounts' } }),
    select: (d) => d.items,
  });
}

export function useSaveView() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: ({ name, state }: { name: string; state: ViewState }) =>
      call(viewsApi.create, { body: { page: 'accounts', name, state } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: VIEWS_KEY }),
  });
}

export function useDeleteView() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'deleted', errors: 'own' },
    mutationFn: (id: string) => call(viewsApi.remove, { params: { id } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: VIEWS_KEY }),
  });
}
