import { messagingApi } from '@shared/messaging';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

type GroupInput = {
  provider: 'wecom' | 'dingtalk' | 'feishu';
  name: string;
  webhookUrl: string;
  secret?: string | null;
};

/** The account's own chat group (where chat messages go). */
export function useChatGroup(accountId: string) {
  return useQuery({
    queryKey: ['messaging', 'chat-group', accountId],
    queryFn: () => call(messagingApi.chatGroup, { params: { id: accountId } }),
  });
}
export function useSaveChatGroup(accountId: string) {
  const client = useQueryClient();
  return useMutation({
    // The modal shows refusals on the field they name.
    meta: { toast: 'saved', errors: 'own' },
    mutationFn: (input: GroupInput | null) =>
      input
        ? call(messagingApi.setChatGroup, { params: { id: accountId }, body: input })
        : call(messagingApi.removeChatGroup, { params: { id: accountId } }),
    onSuccess: (data) => client.setQueryData(['messaging', 'chat-group', accountId], data),
  });
}
