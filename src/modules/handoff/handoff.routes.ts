import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { handoffApi } from '../../shared/handoff.js';
import type { HandoffService } from './handoff.service.js';

export function handoffRoutes(app: App, { handoff }: { handoff: HandoffService }) {
  const tags = ['handoff'];
  route(app, handoffApi.get, { access: 'read', tags, handler: (request) => handoff.get(request.params.id) });
  route(app, handoffApi.save, {
    access: 'write',
    tags,
    handler: (request) => handoff.save(request.actor, request.params.id, request.body),
  });
  route(app, handoffApi.complete, {
    access: 'write',
    tags,
    summary: 'Mark handed over to CS; 400 naming the missing required fields',
    handler: (request) => handoff.handOver(request.actor, request.params.id),
  });
  route(app, handoffApi.settings, { access: 'read', tags, handler: () => handoff.settings() });
  route(app, handoffApi.saveSettings, {
    access: 'admin',
    tags,
    handler: (request) => handoff.setSettings(request.actor, request.body),
  });
}
