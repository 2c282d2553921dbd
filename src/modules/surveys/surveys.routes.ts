import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { npsApi } from '../../shared/surveys.js';
import type { NpsService } from './nps.service.js';

/** The accounts service's get (404 for an unknown account); described, not imported, to keep the module graph acyclic. */
interface AccountLookup {
  get(id: string): Promise<unknown>;
}

/** An account's NPS answers, listed and recorded one at a time (imports bring them in bulk). */
export function surveyRoutes(
  app: App,
  { nps, accounts }: { nps: Pick<NpsService, 'list' | 'record'>; accounts: AccountLookup },
) {
  const tags = ['surveys'];
  route(app, npsApi.list, {
    access: 'read',
    tags,
    summary: "An account's NPS answers, newest first",
    handler: async (request) => {
      await accounts.get(request.params.id);
      return nps.list(request.params.id, request.query);
    },
  });
  route(app, npsApi.record, {
    access: 'write',
    tags,
    summary: 'Record an NPS answer (score 0–10); health and the detractor rule see it at their next run',
    handler: async (request) => {
      await accounts.get(request.params.id);
      return nps.record(request.actor, request.params.id, request.body);
    },
  });
}
