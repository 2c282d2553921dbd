import { accountsApi } from '@shared/accounts';
import { type TeamCapacity, type TeamReassign, teamApi } from '@shared/team';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

export function useTeamOverview() {
  return useQuery({ queryKey: ['team', 'overview'], queryFn: () => call(teamApi.overview) });
}

export function useCapacity(enabled: boolean) {
  return useQuery({ queryKey: ['team', 'capacity'], queryFn: () => call(teamApi.capacity), enabled });
}

export function useSetCapacity() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: (body: TeamCapacity) => call(teamApi.setCapacity, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['team'] }),
  });
}

export function useReassign() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: (body: TeamReassign) => call(teamApi.reassign, { body }),
    onSuccess: async () => {
      await Promise.all(
        ['team', 'accounts', 'home', 'ctas', 'renewals'].map((key) =>
          queryClient.invalidateQueries({ queryKey: [key] }),
        ),
      );
    },
  });
}

/** How many accounts a book holds (the whole book moves without a pick; chosen ones are searched for). */
export function useBookAccounts(ownerId: string | undefined) {
  return useQuery({
    queryKey: ['accounts', 'book', ownerId],
    queryFn: () => call(accountsApi.list, { query: { ownerId, pageSize: 1, sort: 'name', order: 'asc' } }),
    enabled: !!ownerId,
  });
}
