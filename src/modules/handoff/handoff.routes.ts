import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { handoffApi } from '../../shared/handoff.js';
import type { SignalService } from '../../jobs/signals.js';
import type { HandoffService } from './handoff.service.js';

export function handoffRoutes(
  app: App,
  { handoff, signals }: { handoff: HandoffService; signals: Pick<SignalService, 'accountsChanged'> },
) {
  const tags = ['handoff'];
  route(app, handoffApi.get, { access: 'read', tags, handler: (request) => handoff.get(request.params.id) });
  route(app, handoffApi.save, {
    access: 'write',
    tags,
    // The answers (BANT) feed the ICP fit score: the data-arrival signal rescores the account in seconds.
    handler: async (request) => {
      const view = await handoff.save(request.actor, request.params.id, request.body);
      await signals.accountsChanged([request.params.id], 'handoff');
      return view;
    },
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
