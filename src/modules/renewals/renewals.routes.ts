import { z } from 'zod';
import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { requestLocale } from '../../http/validation.js';
import { renewalListQuery, renewalsApi } from '../../shared/renewals.js';
import { renewalsCsv } from './export.js';
import type { RenewalService } from './renewals.service.js';

export function renewalRoutes(app: App, { renewals }: { renewals: RenewalService }) {
  const tags = ['renewals'];
  route(app, renewalsApi.list, {
    access: 'read',
    tags,
    summary:
      'Contracts renewing in the next N days (≤ 180) with ARR, health, probability, category, owner and last touch',
    handler: (request) => renewals.upcoming(request.query),
  });
  // A file, not JSON: registered by hand (test/contract.test.ts, NOT_JSON).
  app.get('/api/renewals/export', {
    config: { access: 'read' },
    schema: {
      tags,
      summary: 'The renewal centre (same filters and sort) as a CSV file',
      // A download link cannot set Accept-Language: the UI passes its language here.
      querystring: renewalListQuery
        .omit({ page: true, pageSize: true })
        .extend({ lang: z.enum(['zh-CN', 'en']).optional() }),
    },
    handler: async (request, reply) => {
      const list = await renewals.upcoming({ ...request.query, page: 1, pageSize: 1_000_000 });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="tenure-renewals-${request.query.days}d.csv"`)
        .send(renewalsCsv(list.items, list.currency, request.query.lang ?? requestLocale(request)));
    },
  });
  route(app, renewalsApi.forecast, {
    access: 'read',
    tags,
    summary: 'Renewal ARR forecast (Σ probability × ARR) for 90 and 180 days by CSM and segment',
    handler: (request) => renewals.forecast(request.query),
  });
  route(app, renewalsApi.target, {
    access: 'read',
    tags,
    summary: 'The fewest at-risk renewals that must turn healthy for the forecast to reach a target',
    handler: (request) => renewals.target(request.query.days, request.query.targetMinor),
  });
  route(app, renewalsApi.setCategory, {
    access: 'write',
    tags,
    summary: 'Set (or clear) the forecast category of an account’s next renewal',
    handler: (request) => renewals.setCategory(request.actor, request.params.id, request.body),
  });
  route(app, renewalsApi.recordOutcome, {
    access: 'write',
    tags,
    summary: 'Record how a renewal ended (churned needs a reason)',
    handler: (request) => renewals.recordOutcome(request.actor, request.params.id, request.body),
  });
  route(app, renewalsApi.outcomes, {
    access: 'read',
    tags,
    summary: 'Counts and ARR per outcome and churn reason for renewals dated in a period',
    handler: (request) => renewals.outcomesReport(request.query.from, request.query.to),
  });
  route(app, renewalsApi.raci, {
    access: 'read',
    tags,
    summary: 'Who is Responsible, Accountable, Consulted, Informed for each renewal activity, per segment',
    handler: () => renewals.raci(),
  });
  route(app, renewalsApi.saveRaci, {
    access: 'admin',
    tags,
    handler: (request) => renewals.setRaci(request.actor, request.body.segmentId, request.body.matrix),
  });
  route(app, renewalsApi.managers, {
    access: 'read',
    tags,
    handler: async () => ({ items: await renewals.renewalManagers() }),
  });
  route(app, renewalsApi.setManager, {
    access: 'manage',
    tags,
    summary: 'Set the renewal manager of a segment (null: none)',
    handler: (request) => renewals.setRenewalManager(request.actor, request.params.id, request.body.userId),
  });
}
