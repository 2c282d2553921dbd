import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';

export interface Notification {
  id: string;
  event: string;
  title: string;
  body: string | null;
  link: string | null;
  accountId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface Channel {
  id: string;
  kind: 'wecom' | 'dingtalk' | 'feishu' | 'slack';
  name: string;
  url: string;
  hasSecret: boolean;
  events: string[];
  enabled: boolean;
  createdAt: string;
}

export type ChannelInput = Omit<Channel, 'id' | 'hasSecret' | 'createdAt'> & { secret?: string | null };

export function useUnreadCount() {
  return useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api.get<{ unread: number }>('/api/notifications/unread-count'),
    refetchInterval: 30_000,
    select: (d) => d.unread,
  });
}

export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: ['notifications', 'list'],
    queryFn: () =>
      api.get<{ items: Notification[]; total: number; unread: number }>('/api/notifications', { pageSize: 20 }),
    enabled,
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { ids?: string[]; all?: boolean }) =>
      api.post<{ updated: number }>('/api/notifications/read', input),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

export function useChannels() {
  return useQuery({
    queryKey: ['channels'],
    queryFn: () => api.get<{ items: Channel[]; events: string[] }>('/api/settings/notifications/channels'),
  });
}

export function useSaveChannel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: ChannelInput }) =>
      id
        ? api.put<Channel>(`/api/settings/notifications/channels/${id}`, input)
        : api.post<Channel>('/api/settings/notifications/channels', input),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['channels'] }),
  });
}

export function useDeleteChannel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/settings/notifications/channels/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['channels'] }),
  });
}

export function useTestChannel() {
  return useMutation({
    mutationFn: (id: string) =>
      api.post<{ ok: boolean; error: string | null }>(`/api/settings/notifications/channels/${id}/test`),
  });
}
