import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { maturityApi } from '../../shared/maturity.js';
import type { MaturityService } from './maturity.service.js';

export function maturityRoutes(app: App, { maturity }: { maturity: MaturityService }) {
  const tags = ['team'];
  route(app, maturityApi.list, {
    access: 'manage',
    tags,
    summary: "The CS team's maturity self-assessments, newest first",
    handler: async () => ({ items: await maturity.list() }),
  });
  route(app, maturityApi.create, {
    access: 'manage',
    tags,
    summary: 'Record a maturity self-assessment: eight practices rated 1–5 (audited)',
    handler: (request) => maturity.create(request.actor, request.body),
  });
}
