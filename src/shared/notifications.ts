import { z } from 'zod';
import { endpoint, idParams, okResponse, type Wire } from './endpoint.js';

/**
 * Events a chat channel can subscribe to. Modules notify with these names; add yours here so the
 * settings page offers it (docs/notifications.md lists each event's payload).
 */
export const NOTIFICATION_EVENTS = [
  'cta.assigned',
  'cta.overdue',
  'cta.flagged',
  'handoff.completed',
  'welcome.sent',
] as const;
export const CHANNEL_KINDS = ['wecom', 'dingtalk', 'feishu', 'slack'] as const;

export const channelInputSchema = z.object({
  kind: z.enum(CHANNEL_KINDS),
  name: z.string().trim().min(1).max(200),
  url: z.url({ protocol: /^https?$/ }),
  /** Signing secret (DingTalk, Feishu). Undefined keeps the stored one; null clears it. */
  secret: z.string().trim().min(1).max(500).nullable().optional(),
  events: z.array(z.string().regex(/^[a-z]+(\.[a-z_]+)+$/)).max(50),
  enabled: z.boolean().default(true),
});

export const channelSchema = z.object({
  id: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  name: z.string(),
  url: z.string(),
  /** Secrets are never shown back, only whether one is set. */
  hasSecret: z.boolean(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: z.date(),
});

export const notificationSchema = z.object({
  id: z.string(),
  event: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  accountId: z.string().nullable(),
  createdAt: z.date(),
  readAt: z.date().nullable(),
});
export type NotificationView = z.infer<typeof notificationSchema>;
export type Notification = Wire<NotificationView>;
export type ChannelInput = z.output<typeof channelInputSchema>;
export type ChannelView = z.infer<typeof channelSchema>;
export type Channel = Wire<ChannelView>;

export const notificationListQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type NotificationListQuery = z.output<typeof notificationListQuery>;

/** The caller's notifications and the chat channels they go to (src/shared/endpoint.ts). */
export const notificationsApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/notifications',
    query: notificationListQuery,
    response: z.object({ items: z.array(notificationSchema), total: z.number(), unread: z.number() }),
  }),
  unreadCount: endpoint({
    method: 'GET',
    path: '/api/notifications/unread-count',
    response: z.object({ unread: z.number() }),
  }),
  markRead: endpoint({
    method: 'POST',
    path: '/api/notifications/read',
    body: z.object({ ids: z.array(z.uuid()).max(500).optional(), all: z.boolean().optional() }),
    response: z.object({ updated: z.number() }),
  }),
  channels: endpoint({
    method: 'GET',
    path: '/api/settings/notifications/channels',
    response: z.object({ items: z.array(channelSchema), events: z.array(z.string()) }),
  }),
  createChannel: endpoint({
    method: 'POST',
    path: '/api/settings/notifications/channels',
    body: channelInputSchema,
    response: channelSchema,
    status: 201,
  }),
  updateChannel: endpoint({
    method: 'PUT',
    path: '/api/settings/notifications/channels/:id',
    params: idParams,
    body: channelInputSchema,
    response: channelSchema,
  }),
  removeChannel: endpoint({
    method: 'DELETE',
    path: '/api/settings/notifications/channels/:id',
    params: idParams,
    response: okResponse,
  }),
  testChannel: endpoint({
    method: 'POST',
    path: '/api/settings/notifications/channels/:id/test',
    params: idParams,
    response: z.object({ ok: z.boolean(), error: z.string().nullable() }),
  }),
};
