import type { Role } from '@shared/roles';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';
import type { ApiToken, AuditEntry, Paged, User } from '../../../api/types';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password?: string;
  locale?: 'zh-CN' | 'en' | null;
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewUser) => api.post<User>('/api/users', input),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      patch,
    }: {
      id: string;
      patch: Partial<Pick<User, 'name' | 'role' | 'active' | 'locale'>> & { password?: string };
    }) => api.patch<User>(`/api/users/${id}`, patch),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['users'] });
      void client.invalidateQueries({ queryKey: ['me'] });
    },
  });
}

export function useTokens() {
  return useQuery({
    queryKey: ['tokens'],
    queryFn: () => api.get<{ items: ApiToken[] }>('/api/tokens'),
    select: (d) => d.items,
  });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; role: Role }) => api.post<ApiToken & { token: string }>('/api/tokens', input),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['tokens'] }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/tokens/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['tokens'] }),
  });
}

export interface AuditQuery {
  page: number;
  pageSize: number;
  entity?: string;
  entityId?: string;
}

export function useAudit(query: AuditQuery) {
  return useQuery({
    queryKey: ['audit', query],
    queryFn: () => api.get<Paged<AuditEntry>>('/api/audit', { ...query }),
    placeholderData: keepPreviousData,
  });
}
