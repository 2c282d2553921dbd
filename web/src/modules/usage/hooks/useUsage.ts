import {
  type Catalogue,
  type EventsConfig,
  type KeyBehaviour,
  type ProductModule,
  type UsagePerson,
  usageApi,
} from '@shared/usage';
import type { ResponseOf } from '@shared/endpoint';
import { writeKeysApi } from '@shared/writeKeys';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

export type { Catalogue, UsagePerson };
export type WriteKeyRow = ResponseOf<typeof writeKeysApi.list>['items'][number];

export interface UsageRange {
  from: string;
  to: string;
}

/** One account's product usage over a range of days: per event, active users per day, per person. */
export function useAccountUsage(accountId: string, range: UsageRange) {
  const daily = useQuery({
    queryKey: ['usage', accountId, 'daily', range],
    queryFn: () => call(usageApi.daily, { params: { id: accountId }, query: range }),
    select: (d) => d.items,
  });
  const active = useQuery({
    queryKey: ['usage', accountId, 'active', range],
    queryFn: () => call(usageApi.active, { params: { id: accountId }, query: range }),
    select: (d) => d.items,
  });
  const people = useQuery({
    queryKey: ['usage', accountId, 'users', range],
    queryFn: () => call(usageApi.users, { params: { id: accountId }, query: range }),
    select: (d) => d.items,
  });
  return { daily, active, people };
}

export function useCatalogue() {
  return useQuery({
    queryKey: ['events', 'catalogue'],
    queryFn: () => call(usageApi.catalogue),
    select: (d) => d.items,
  });
}

export function useEventsConfig() {
  return useQuery({ queryKey: ['events', 'config'], queryFn: () => call(usageApi.config) });
}

export function useSetEventModule() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: ({ event, module }: { event: string; module: string | null }) =>
      call(usageApi.setEventModule, { params: { event }, body: { module } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['events', 'catalogue'] }),
  });
}

/** Each usage settings endpoint answers with the whole configuration, which replaces the cached one. */
function useSaveConfig<T>(save: (body: T) => Promise<EventsConfig>) {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: save,
    onSuccess: (config) => client.setQueryData(['events', 'config'], config),
  });
}

export const useSaveModules = () =>
  useSaveConfig((body: { modules: ProductModule[] }) => call(usageApi.saveModules, { body }));
export const useSaveKeyBehaviour = () =>
  useSaveConfig((body: { keyBehaviour: KeyBehaviour | null }) => call(usageApi.saveKeyBehaviour, { body }));
export const useSaveRetention = () =>
  useSaveConfig((body: { retentionDays: number }) => call(usageApi.saveRetention, { body }));

export function useWriteKeys() {
  return useQuery({
    queryKey: ['writeKeys'],
    queryFn: () => call(writeKeysApi.list),
    select: (d) => d.items,
  });
}

export function useCreateWriteKey() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: (input: { name: string }) => call(writeKeysApi.create, { body: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['writeKeys'] }),
  });
}

export function useRevokeWriteKey() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: (id: string) => call(writeKeysApi.revoke, { params: { id } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['writeKeys'] }),
  });
}
