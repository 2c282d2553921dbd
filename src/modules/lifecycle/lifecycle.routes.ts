import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { lifecycleApi } from '../../shared/lifecycle.js';
import type { LifecycleService } from './lifecycle.service.js';

export function lifecycleRoutes(app: App, { lifecycle }: { lifecycle: LifecycleService }) {
  const tags = ['lifecycle'];
  route(app, lifecycleApi.get, {
    access: 'read',
    cache: true,
    tags,
    handler: (request) => lifecycle.view(request.params.id),
  });
  route(app, lifecycleApi.setOverride, {
    access: 'write',
    tags,
    handler: (request) =>
      lifecycle.setOverride(request.actor, request.params.id, request.body.stage, request.body.reason),
  });
  route(app, lifecycleApi.clearOverride, {
    access: 'write',
    tags,
    handler: (request) => lifecycle.clearOverride(request.actor, request.params.id),
  });
  route(app, lifecycleApi.run, { access: 'manage', tags, handler: (request) => lifecycle.run(request.actor) });
  route(app, lifecycleApi.settings, { access: 'read', tags, handler: () => lifecycle.settings() });
  route(app, lifecycleApi.saveSettings, {
    access: 'admin',
    tags,
    handler: (request) => lifecycle.setSettings(request.actor, request.body),
  });
}
