import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { viewsApi } from '../../shared/views.js';
import type { ViewService } from './views.service.js';

export function viewRoutes(app: App, { views }: { views: ViewService }) {
  const tags = ['views'];
  route(app, viewsApi.list, {
    access: 'read',
    tags,
    handler: async (request) => ({ items: await views.list(request.actor, request.query.page) }),
  });
  route(app, viewsApi.create, {
    access: 'read',
    tags,
    handler: (request) => views.create(request.actor, request.body),
  });
  route(app, viewsApi.remove, {
    access: 'read',
    tags,
    handler: async (request) => {
      await views.remove(request.actor, request.params.id);
      return { ok: true as const };
    },
  });
}
