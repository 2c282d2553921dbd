import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authApi, type Me } from '@shared/auth';
import { can, type Access } from '@shared/roles';
import { ApiError, call } from '../../../api/client';

export const ME_KEY = ['me'] as const;

/** The signed-in person, or null when there is no session. */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await call(authApi.me);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });
}

/** Whether the signed-in person's role may do something (what the UI offers; the API enforces). */
export function useCan(access: Access): boolean {
  const { data } = useMe();
  return data ? can(data.role, access) : false;
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) => call(authApi.login, { body: input }),
    onSuccess: ({ csrfToken: _csrf, ...me }) => {
      client.clear();
      client.setQueryData(ME_KEY, me);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(authApi.logout),
    onSettled: () => {
      client.clear();
      client.setQueryData(ME_KEY, null);
    },
  });
}
