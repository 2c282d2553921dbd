import { z } from 'zod';

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
  secret: z.string().trim().min(1).max(500).nullable().optional(),
  events: z.array(z.string().regex(/^[a-z]+(\.[a-z_]+)+$/)).max(50),
  enabled: z.boolean().default(true),
});

export const channelSchema = z.object({
  id: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  name: z.string(),
  url: z.string(),
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
