import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { requestLocale } from '../../http/validation.js';
import { translator } from '../../i18n/index.js';
import { NOTIFICATION_EVENTS, notificationsApi } from '../../shared/notifications.js';
import type { ChannelService } from './channels.service.js';
import type { NotificationService } from './notifications.service.js';

export function notificationRoutes(
  app: App,
  { notifications, channels }: { notifications: NotificationService; channels: ChannelService },
) {
  const tags = ['notifications'];
  route(app, notificationsApi.list, {
    access: 'read',
    cache: true,
    tags,
    handler: async (request) => {
      if (request.actor.type !== 'user' || !request.actor.id) return { items: [], total: 0, unread: 0 };
      return notifications.list(request.actor.id, requestLocale(request), request.query);
    },
  });
  route(app, notificationsApi.unreadCount, {
    access: 'read',
    cache: true,
    tags,
    handler: async (request) => ({
      unread: request.actor.type === 'user' && request.actor.id ? await notifications.unreadCount(request.actor.id) : 0,
    }),
  });
  route(app, notificationsApi.markRead, {
    access: 'read',
    tags,
    handler: async (request) => ({
      updated: await notifications.markRead(request.actor, request.body.all ? 'all' : (request.body.ids ?? [])),
    }),
  });

  route(app, notificationsApi.channels, {
    access: 'admin',
    tags,
    handler: async () => ({ items: await channels.list(), events: [...NOTIFICATION_EVENTS] }),
  });
  route(app, notificationsApi.createChannel, {
    access: 'admin',
    tags,
    handler: (request) => channels.create(request.actor, request.body),
  });
  route(app, notificationsApi.updateChannel, {
    access: 'admin',
    tags,
    handler: (request) => channels.update(request.actor, request.params.id, request.body),
  });
  route(app, notificationsApi.removeChannel, {
    access: 'admin',
    tags,
    handler: async (request) => {
      await channels.remove(request.actor, request.params.id);
      return { ok: true as const };
    },
  });
  route(app, notificationsApi.testChannel, {
    access: 'admin',
    tags,
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
