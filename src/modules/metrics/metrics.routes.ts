import { z } from 'zod';
import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { requestLocale } from '../../http/validation.js';
import { metricsApi, type metricsFilterQuery, mrrPeriodQuery } from '../../shared/metrics.js';
import type { SegmentService } from '../segments/segments.service.js';
import { exportReport } from './export.js';
import type { MetricsService } from './metrics.service.js';
import type { MetricsFilter } from './movements.sql.js';

export function metricsRoutes(
  app: App,
  { metrics, segments }: { metrics: MetricsService; segments: Pick<SegmentService, 'rules'> },
) {
  const tags = ['metrics'];
  const toFilter = async (q: z.infer<typeof metricsFilterQuery>): Promise<MetricsFilter> => ({
    segment: q.segment ? await segments.rules(q.segment) : undefined,
    plan: q.plan,
    csmId: q.csm,
  });
  /** By default the 13 months ending with the last complete one (the running month is partial). */
  const period = (q: { from?: string; to?: string }) => {
    const to = q.to ?? metrics.lastCompleteMonth();
    return { from: q.from ?? `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`, to };
  };

  route(app, metricsApi.mrr, {
    access: 'read',
    tags,
    summary: 'Monthly MRR movements and customers, amounts in base-currency minor units',
    handler: async (request) => {
      const { from, to } = period(request.query);
      return metrics.mrr(from, to, await toFilter(request.query));
    },
  });

  route(app, metricsApi.summary, {
    access: 'read',
    tags,
    summary: 'The month’s KPIs and rates (default: the last complete month), with the month before and the year before',
    handler: async (request) =>
      metrics.summary(request.query.month ?? metrics.lastCompleteMonth(), await toFilter(request.query)),
  });

  route(app, metricsApi.movements, {
    access: 'read',
    tags,
    summary: 'The accounts and amounts behind a movement figure',
    handler: async (request) =>
      metrics.movements(request.query.month, request.query.type, await toFilter(request.query)),
  });

  route(app, metricsApi.customers, {
    access: 'read',
    tags,
    summary: 'The customers paying at a month’s start or end (drill-down of the customer counts)',
    handler: async (request) => metrics.customers(request.query.month, request.query.at, await toFilter(request.query)),
  });

  route(app, metricsApi.plans, {
    access: 'read',
    tags,
    summary: 'Plan names in use',
    handler: async () => ({ items: await metrics.plans() }),
  });

  // A file, not JSON: registered by hand (test/contract.test.ts, NOT_JSON).
  app.get('/api/metrics/export', {
    config: { access: 'read' },
    schema: {
      tags,
      summary: 'The monthly MRR report as a CSV or Excel file',
      querystring: mrrPeriodQuery.extend({
        format: z.enum(['csv', 'xlsx']).default('csv'),
        /** A download link cannot set Accept-Language: the UI passes its language here. */
        lang: z.enum(['zh-CN', 'en']).optional(),
      }),
    },
    handler: async (request, reply) => {
      const { from, to } = period(request.query);
      const report = await metrics.mrr(from, to, await toFilter(request.query));
      const file = await exportReport(report, request.query.format, request.query.lang ?? requestLocale(request));
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="tenure-mrr-${from}-${to}.${request.query.format}"`)
        .send(file.body);
    },
  });

  route(app, metricsApi.cohorts, {
    access: 'read',
    tags,
    summary: 'Sign-up cohorts: customers and MRR retained by month',
    handler: async (request) =>
      metrics.cohorts(
        request.query.from,
        request.query.to ?? metrics.lastCompleteMonth(),
        await toFilter(request.query),
      ),
  });
}
