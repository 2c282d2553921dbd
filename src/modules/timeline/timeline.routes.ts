import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { timelineApi } from '../../shared/timeline.js';
import type { AccountService } from '../accounts/accounts.service.js';
import type { TimelineService } from './timeline.service.js';

export function timelineRoutes(
  app: App,
  { timeline, accounts }: { timeline: TimelineService; accounts: Pick<AccountService, 'get'> },
) {
  const tags = ['timeline'];
  route(app, timelineApi.list, {
    access: 'read',
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
      return timeline.add(request.actor, request.params.id, request.body);
    },
  });
}
