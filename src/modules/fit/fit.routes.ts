import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { fitApi } from '../../shared/fit.js';
import type { FitService } from './fit.service.js';

export function fitRoutes(app: App, { fit }: { fit: FitService }) {
  const tags = ['fit'];
  route(app, fitApi.criteria, {
    access: 'read',
    tags,
    summary: 'The ICP fit criteria: BANT answers and firmographic fields, each with a rule and points',
    handler: async () => ({ criteria: await fit.criteria() }),
  });
  route(app, fitApi.saveCriteria, {
    access: 'admin',
    tags,
    summary: 'Replace the fit criteria (audited); every account is rescored at once',
    handler: async (request) => ({ criteria: await fit.saveCriteria(request.actor, request.body.criteria) }),
  });
  route(app, fitApi.account, {
    access: 'read',
    tags,
    summary: "An account's ICP fit score, grade and each criterion hit, missed or unknown",
    handler: (request) => fit.accountFit(request.params.id),
  });
  route(app, fitApi.maturity, {
    access: 'read',
    tags,
    summary: "An account's customer maturity: the current assessment and its history, newest first",
    handler: (request) => fit.maturity(request.params.id),
  });
  route(app, fitApi.assessMaturity, {
    access: 'write',
    tags,
    summary: 'Assess customer maturity on cognition, strategy, people/organisation and tools, 1–4 each (audited)',
    handler: (request) => fit.assessMaturity(request.actor, request.params.id, request.body),
  });
}
