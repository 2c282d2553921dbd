import type {
  ActiveDayItem,
  CatalogueItem,
  DailyUsageItem,
  EventsConfig,
  KeyBehaviour,
  ProductModule,
  UsageUser,
  WriteKey,
} from '@shared/usage';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';
import type { Json } from '../../../api/types';

export type Catalogue = Json<CatalogueItem>;
export type UsagePerson = Json<UsageUser>;
export type WriteKeyRow = Json<WriteKey>;

export interface UsageRange {
  from: string;
  to: string;
}

/** One account's product usage over a range of days: per event, active users per day, per person. */
export function useAccountUsage(accountId: string, range: UsageRange) {
  const daily = useQuery({
    queryKey: ['usage', accountId, 'daily', range],
    queryFn: () => api.get<{ items: DailyUsageItem[] }>(`/api/accounts/${accountId}/usage/daily`, { ...range }),
    select: (d) => d.items,
  });
  const active = useQuery({
    queryKey: ['usage', accountId, 'active', range],
    queryFn: () => api.get<{ items: ActiveDayItem[] }>(`/api/accounts/${accountId}/usage/active`, { ...range }),
    select: (d) => d.items,
  });
  const people = useQuery({
    queryKey: ['usage', accountId, 'users', range],
    queryFn: () => api.get<{ items: UsagePerson[] }>(`/api/accounts/${accountId}/usage/users`, { ...range }),
    select: (d) => d.items,
  });
  return { daily, active, people };
}

export function useCatalogue() {
  return useQuery({
    queryKey: ['events', 'catalogue'],
    queryFn: () => api.get<{ items: Catalogue[] }>('/api/events/catalogue'),
    select: (d) => d.items,
  });
}

export function useEventsConfig() {
  return useQuery({ queryKey: ['events', 'config'], queryFn: () => api.get<EventsConfig>('/api/events/config') });
}

export function useSetEventModule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ event, module }: { event: string; module: string | null }) =>
      api.patch(`/api/events/catalogue/${encodeURIComponent(event)}`, { module }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['events', 'catalogue'] }),
  });
}

function useSaveConfig<T>(path: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: T) => api.put<EventsConfig>(path, body),
    onSuccess: (config) => client.setQueryData(['events', 'config'], config),
  });
}

export const useSaveModules = () => useSaveConfig<{ modules: ProductModule[] }>('/api/events/modules');
export const useSaveKeyBehaviour = () =>
  useSaveConfig<{ keyBehaviour: KeyBehaviour | null }>('/api/events/key-behaviour');
export const useSaveRetention = () => useSaveConfig<{ retentionDays: number }>('/api/events/retention');

export function useWriteKeys() {
  return useQuery({
    queryKey: ['writeKeys'],
    queryFn: () => api.get<{ items: WriteKeyRow[] }>('/api/keys'),
    select: (d) => d.items,
  });
}

export function useCreateWriteKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string }) => api.post<WriteKeyRow & { key: string }>('/api/keys', input),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['writeKeys'] }),
  });
}

export function useRevokeWriteKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/keys/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['writeKeys'] }),
  });
}
