import { type AuditQuery, auditApi } from '@shared/audit';
import { authApi } from '@shared/auth';
import type { Role } from '@shared/roles';
import { type UserInput, type UserPatch, usersApi } from '@shared/users';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: (input: UserInput) => call(usersApi.create, { body: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: ({ id, patch }: { id: string; patch: UserPatch }) =>
      call(usersApi.update, { params: { id }, body: patch }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['users'] });
      void client.invalidateQueries({ queryKey: ['me'] });
    },
  });
}

export function useTokens() {
  return useQuery({
    queryKey: ['tokens'],
    queryFn: () => call(authApi.tokens),
    select: (d) => d.items,
  });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: (input: { name: string; role: Role }) => call(authApi.createToken, { body: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['tokens'] }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: (id: string) => call(authApi.revokeToken, { params: { id } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['tokens'] }),
  });
}

export function useAudit(query: AuditQuery) {
  return useQuery({
    queryKey: ['audit', query],
    queryFn: () => call(auditApi.list, { query }),
    placeholderData: keepPreviousData,
  });
}
