import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { expansionApi } from '../../shared/renewals.js';
import type { AdvocacyService } from './advocacy.service.js';
import type { ExpansionService } from './expansion.service.js';

export function expansionRoutes(
  app: App,
  { expansion, advocacy }: { expansion: ExpansionService; advocacy: AdvocacyService },
) {
  const tags = ['expansion'];
  route(app, expansionApi.opportunities, { access: 'read', tags, handler: (request) => expansion.list(request.query) });
  route(app, expansionApi.createOpportunity, {
    access: 'write',
    tags,
    summary: 'Create an expansion opportunity (idempotent per source reference)',
    handler: async (request, reply) => {
      const result = await expansion.createOpportunity(request.actor, request.body);
      // The declared 201 is for a new one; the one the source reference already had answers 200.
      return result.created ? result : reply.status(200).send(result);
    },
  });
  route(app, expansionApi.updateOpportunity, {
    access: 'write',
    tags,
    handler: (request) => expansion.update(request.actor, request.params.id, request.body),
  });
  route(app, expansionApi.opportunityHistory, {
    access: 'read',
    tags,
    handler: async (request) => ({ items: await expansion.history(request.params.id) }),
  });

  const advocacyTags = ['advocacy'];
  route(app, expansionApi.candidates, {
    access: 'read',
    tags: advocacyTags,
    summary: 'Promoters: latest NPS 9–10, renewed at least once, healthy when health is available',
    handler: async () => ({ items: await advocacy.candidates() }),
  });
  route(app, expansionApi.advocates, {
    access: 'read',
    tags: advocacyTags,
    handler: async (request) => ({ items: await advocacy.list(request.query.accountId) }),
  });
  route(app, expansionApi.trackAdvocate, {
    access: 'write',
    tags: advocacyTags,
    handler: (request) => advocacy.track(request.actor, request.body),
  });
  route(app, expansionApi.updateAdvocate, {
    access: 'write',
    tags: advocacyTags,
    handler: (request) => advocacy.update(request.actor, request.params.id, request.body),
  });
  route(app, expansionApi.referrals, {
    access: 'read',
    tags: advocacyTags,
    handler: async (request) => ({ items: await advocacy.referrals(request.query.accountId) }),
  });
  route(app, expansionApi.addReferral, {
    access: 'write',
    tags: advocacyTags,
    handler: (request) => advocacy.addReferral(request.actor, request.body),
  });
  route(app, expansionApi.updateReferral, {
    access: 'write',
    tags: advocacyTags,
    handler: (request) => advocacy.updateReferral(request.actor, request.params.id, request.body),
  });
}
