import { forbidden, invalidField } from '../../http/errors.js';
import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { homeApi } from '../../shared/home.js';
import type { HomeFreshness } from '../../shared/home.js';
import { can } from '../../shared/roles.js';
import type { HomeService } from './home.service.js';
import { userIdOf } from '../audit/actor.js';

export function homeRoutes(
  app: App,
  { home, freshness }: { home: HomeService; freshness: () => Promise<HomeFreshness> },
) {
  const tags = ['home'];
  route(app, homeApi.csm, {
    access: 'read',
    cache: true,
    tags,
    summary:
      "A CSM's book: accounts, renewals in 90 days, CTAs due, onboarding at risk, events, changes since yesterday",
    description: "The caller's own book by default; admins and CS managers may ask for anyone's with ownerId.",
    handler: async (request) => {
      const actor = request.actor;
      const ownerId = request.query.ownerId ?? userIdOf(actor);
      if (!ownerId) throw invalidField(['query', 'ownerId'], 'errors.homeOwnerRequired');
      if (ownerId !== actor.id && !can(actor.role, 'manage')) throw forbidden(actor.role);
      return home.csm(actor, ownerId);
    },
  });
  route(app, homeApi.team, {
    access: 'manage',
    cache: true,
    tags,
    summary: 'The CS team: ARR at risk and overdue CTAs by CSM, renewal forecast, health movement, onboarding risk',
    handler: () => home.team(),
  });
  route(app, homeApi.freshness, {
    access: 'admin',
    tags,
    summary: 'Data freshness: last tracking event, last Stripe event, last import, recent failures',
    handler: () => freshness(),
  });
}
