import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authApi, type Me, type ProfilePatch } from '@shared/auth';
import { can, type Access } from '@shared/roles';
import { ApiError, call } from '../../../api/client';
import i18n from '../../../i18n';

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
    meta: { toast: 'none', errors: 'own' },
    mutationFn: (input: { email: string; password: string }) => call(authApi.login, { body: input }),
    onSuccess: ({ csrfToken: _csrf, ...me }) => {
      client.clear();
      client.setQueryData(ME_KEY, me);
      // The language saved on the profile follows the person from browser to browser.
      if (me.locale && me.locale !== i18n.resolvedLanguage) void i18n.changeLanguage(me.locale);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'none', errors: 'toast' },
    mutationFn: () => call(authApi.logout),
    onSettled: () => {
      client.clear();
      client.setQueryData(ME_KEY, null);
    },
  });
}

/** Saves the caller's own name, language and (with the current one) password; the UI switches language at once. */
export function useUpdateProfile() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: (patch: ProfilePatch) => call(authApi.updateMe, { body: patch }),
    onSuccess: (me) => {
      client.setQueryData(ME_KEY, me);
      void client.invalidateQueries({ queryKey: ['users'] });
      if (me.locale && me.locale !== i18n.resolvedLanguage) void i18n.changeLanguage(me.locale);
    },
  });
}
