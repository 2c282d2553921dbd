import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { healthApi, MEASURE_TYPES } from '../../shared/health.js';
import type { HealthService } from './health.service.js';
import { MEASURES } from './measures.js';

export function healthRoutes(app: App, { health }: { health: HealthService }) {
  const tags = ['health'];
  route(app, healthApi.measures, {
    access: 'read',
    tags,
    summary: 'The measure catalogue with typical thresholds',
    handler: async () => ({ items: MEASURE_TYPES.map((type) => ({ type, ...MEASURES[type].defaults })) }),
  });
  route(app, healthApi.scorecards, { access: 'read', tags, handler: async () => ({ items: await health.list() }) });
  route(app, healthApi.createScorecard, {
    access: 'admin',
    tags,
    handler: (request) => health.create(request.actor, request.body),
  });
  route(app, healthApi.scorecard, { access: 'read', tags, handler: (request) => health.get(request.params.id) });
  route(app, healthApi.updateScorecard, {
    access: 'admin',
    tags,
    handler: (request) => health.update(request.actor, request.params.id, request.body),
  });
  route(app, healthApi.removeScorecard, {
    access: 'admin',
    tags,
    handler: async (request) => {
      await health.remove(request.actor, request.params.id);
      return { ok: true as const };
    },
  });
  route(app, healthApi.recompute, {
    access: 'manage',
    tags,
    summary: 'Recomputes every applicable scorecard for all accounts (or the ones given) as of a day',
    handler: (request) => health.recompute(request.body),
  });
  route(app, healthApi.current, {
    access: 'read',
    tags,
    summary: 'Latest score of each applicable scorecard for the accounts given (comma-separated ids)',
    handler: async (request) => ({ items: await health.currentForAccounts(request.query.accountIds) }),
  });
  route(app, healthApi.account, {
    access: 'read',
    tags,
    summary: 'Scores, measures, history, what changed the score since a day, CSM sentiment and end-user health',
    handler: (request) => health.accountHealth(request.params.id, request.query),
  });
  route(app, healthApi.setSentiment, {
    access: 'write',
    tags,
    handler: (request) => health.setSentiment(request.actor, request.params.id, request.body),
  });
  route(app, healthApi.backtest, {
    access: 'read',
    tags,
    summary: 'How well a scorecard separated churned from renewed accounts before renewal',
    handler: (request) => health.backtest(request.query),
  });
}
