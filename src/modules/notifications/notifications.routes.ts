import { z } from 'zod';
import { type App, idParams, okResponse } from '../../http/types.js';
import { requestLocale } from '../../http/validation.js';
import {
  channelInputSchema,
  channelSchema,
  NOTIFICATION_EVENTS,
  notificationSchema,
} from '../../shared/notifications.js';
import type { ChannelService } from './channels.service.js';
import type { NotificationService } from './notifications.service.js';
import { translator } from '../../i18n/index.js';

const listQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export function notificationRoutes(
  app: App,
  { notifications, channels }: { notifications: NotificationService; channels: ChannelService },
) {
  app.get('/api/notifications', {
    config: { access: 'read' },
    schema: {
      tags: ['notifications'],
      querystring: listQuery,
      response: { 200: z.object({ items: z.array(notificationSchema), total: z.number(), unread: z.number() }) },
    },
    handler: async (request) => {
      if (request.actor.type !== 'user' || !request.actor.id) return { items: [], total: 0, unread: 0 };
      return notifications.list(request.actor.id, requestLocale(request), request.query);
    },
  });
  app.get('/api/notifications/unread-count', {
    config: { access: 'read' },
    schema: { tags: ['notifications'], response: { 200: z.object({ unread: z.number() }) } },
    handler: async (request) => ({
      unread: request.actor.type === 'user' && request.actor.id ? await notifications.unreadCount(request.actor.id) : 0,
    }),
  });
  app.post('/api/notifications/read', {
    config: { access: 'read' },
    schema: {
      tags: ['notifications'],
      body: z.object({ ids: z.array(z.uuid()).max(500).optional(), all: z.boolean().optional() }),
      response: { 200: z.object({ updated: z.number() }) },
    },
    handler: async (request) => ({
      updated: await notifications.markRead(request.actor, request.body.all ? 'all' : (request.body.ids ?? [])),
    }),
  });

  app.get('/api/settings/notifications/channels', {
    config: { access: 'admin' },
    schema: {
      tags: ['notifications'],
      response: { 200: z.object({ items: z.array(channelSchema), events: z.array(z.string()) }) },
    },
    handler: async () => ({ items: await channels.list(), events: [...NOTIFICATION_EVENTS] }),
  });
  app.post('/api/settings/notifications/channels', {
    config: { access: 'admin' },
    schema: { tags: ['notifications'], body: channelInputSchema, response: { 201: channelSchema } },
    handler: async (request, reply) => reply.status(201).send(await channels.create(request.actor, request.body)),
  });
  app.put('/api/settings/notifications/channels/:id', {
    config: { access: 'admin' },
    schema: { tags: ['notifications'], params: idParams, body: channelInputSchema, response: { 200: channelSchema } },
    handler: (request) => channels.update(request.actor, request.params.id, request.body),
  });
  app.delete('/api/settings/notifications/channels/:id', {
    config: { access: 'admin' },
    schema: { tags: ['notifications'], params: idParams, response: { 200: okResponse } },
    handler: async (request) => {
      await channels.remove(request.actor, request.params.id);
      return { ok: true as const };
    },
  });
  app.post('/api/settings/notifications/channels/:id/test', {
    config: { access: 'admin' },
    schema: {
      tags: ['notifications'],
      params: idParams,
      response: { 200: z.object({ ok: z.boolean(), error: z.string().nullable() }) },
    },
    handler: async (request) => {
      const t = translator(requestLocale(request));
      const result = await channels.test(request.params.id, {
        title: t('notifications.test.title'),
        body: t('notifications.test.body', { name: request.actor.name }),
      });
      return { ok: result.ok, error: result.error ? t(result.error.key, result.error.params) : null };
    },
  });
}
