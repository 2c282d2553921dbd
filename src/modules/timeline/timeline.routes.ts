import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { timelineApi } from '../../shared/timeline.js';
import type { TimelineService } from './timeline.service.js';

/**
 * What the routes need of the accounts module: that the account exists (404 otherwise). Named here
 * rather than imported as the accounts service's type, which would make the two modules a cycle
 * (accounts records on the timeline).
 */
export interface AccountLookup {
  get(id: string): Promise<unknown>;
}

export function timelineRoutes(
  app: App,
  { timeline, accounts }: { timeline: TimelineService; accounts: AccountLookup },
) {
  const tags = ['timeline'];
  route(app, timelineApi.list, {
    access: 'read',
    cache: true,
    tags,
    handler: async (request) => {
      await accounts.get(request.params.id);
      return timeline.list(request.params.id, request.query);
    },
  });
  route(app, timelineApi.add, {
    access: 'write',
    tags,
    handler: async (request) => {
      await accounts.get(request.params.id);
      const { reviewKind, ...activity } = request.body;
      const data = activity.type === 'qbr' ? { kind: reviewKind ?? 'qbr' } : undefined;
      return timeline.add(request.actor, request.params.id, { ...activity, data });
    },
  });
}
