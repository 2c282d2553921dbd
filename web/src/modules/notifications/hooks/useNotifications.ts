import type { InputOf } from '@shared/endpoint';
import { notificationsApi } from '@shared/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

export type { Channel, Notification } from '@shared/notifications';
/** What the channel form sends (enabled defaults to true on the server). */
export type ChannelInput = InputOf<typeof notificationsApi.createChannel>['body'];

export function useUnreadCount() {
  return useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => call(notificationsApi.unreadCount),
    refetchInterval: 30_000,
    select: (d) => d.unread,
  });
}

export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: ['notifications', 'list'],
    queryFn: () => call(notificationsApi.list, { query: { pageSize: 20 } }),
    enabled,
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'none', errors: 'toast' },
    mutationFn: (input: { ids?: string[]; all?: boolean }) => call(notificationsApi.markRead, { body: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

export function useChannels() {
  return useQuery({
    queryKey: ['channels'],
    queryFn: () => call(notificationsApi.channels),
  });
}

export function useSaveChannel() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: ({ id, input }: { id?: string; input: ChannelInput }) =>
      id
        ? call(notificationsApi.updateChannel, { params: { id }, body: input })
        : call(notificationsApi.createChannel, { body: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['channels'] }),
  });
}

export function useDeleteChannel() {
  const client = useQueryClient();
  return useMutation({
    meta: { toast: 'deleted', errors: 'toast' },
    mutationFn: (id: string) => call(notificationsApi.removeChannel, { params: { id } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['channels'] }),
  });
}

export function useTestChannel() {
  return useMutation({
    meta: { toast: 'own', errors: 'toast' },
    mutationFn: (id: string) => call(notificationsApi.testChannel, { params: { id } }),
  });
}
