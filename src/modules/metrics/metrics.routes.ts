import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { SegmentService } from '../segments/segments.service.js';
import type { MetricsService } from './metrics.service.js';
import { exportReport } from './export.js';
import { requestLocale } from '../../http/validation.js';
import { MOVEMENT_TYPES, type MetricsFilter } from './movements.sql.js';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'errors.month' });
const filterQuery = z.object({
  segment: z.uuid().optional(),
  plan: z.string().max(200).optional(),
  csm: z.uuid().optional(),
});

const mrrMonth = z.object({
  month: z.string(),
  startingMrr: z.number(),
  newMrr: z.number(),
  expansionMrr: z.number(),
  contractionMrr: z.number(),
  churnedMrr: z.number(),
  reactivationMrr: z.number(),
  netNewMrr: z.number(),
  endingMrr: z.number(),
  arr: z.number(),
  customers: z.object({
    starting: z.number(),
    new: z.number(),
    reactivated: z.number(),
    churned: z.number(),
    ending: z.number(),
  }),
  /** The running month (organisation time zone): its figures are still moving. */
  partial: z.boolean(),
});

export function metricsRoutes(
  app: App,
  { metrics, segments }: { metrics: MetricsService; segments: Pick<SegmentService, 'rules'> },
) {
  const toFilter = async (q: z.infer<typeof filterQuery>): Promise<MetricsFilter> => ({
    segment: q.segment ? await segments.rules(q.segment) : undefined,
    plan: q.plan,
    csmId: q.csm,
  });

  app.get('/api/metrics/mrr', {
    config: { access: 'read' },
    schema: {
      tags: ['metrics'],
      summary: 'Monthly MRR movements and customers, amounts in base-currency minor units',
      querystring: filterQuery
        .extend({ from: month.optional(), to: month.optional() })
        .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'errors.monthOrder' }),
      response: { 200: z.object({ currency: z.string(), months: z.array(mrrMonth) }) },
    },
    handler: async (request) => {
      // By default the 13 months ending with the last complete one (the running month is partial).
      const to = request.query.to ?? metrics.lastCompleteMonth();
      const from = request.query.from ?? `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`;
      return metrics.mrr(from, to, await toFilter(request.query));
    },
  });

  app.get('/api/metrics/summary', {
    config: { access: 'read' },
    schema: {
      tags: ['metrics'],
      summary:
        'The month’s KPIs and rates (default: the last complete month), with the month before and the year before',
      querystring: filterQuery.extend({ month: month.optional() }),
    },
    handler: async (request) =>
      metrics.summary(request.query.month ?? metrics.lastCompleteMonth(), await toFilter(request.query)),
  });

  app.get('/api/metrics/movements', {
    config: { access: 'read' },
    schema: {
      tags: ['metrics'],
      summary: 'The accounts and amounts behind a movement figure',
      querystring: filterQuery.extend({ month, type: z.enum(MOVEMENT_TYPES).optional() }),
    },
    handler: async (request) =>
      metrics.movements(request.query.month, request.query.type, await toFilter(request.query)),
  });

  app.get('/api/metrics/customers', {
    config: { access: 'read' },
    schema: {
      tags: ['metrics'],
      summary: 'The customers paying at a month’s start or end (drill-down of the customer counts)',
      querystring: filterQuery.extend({ month, at: z.enum(['start', 'end']).default('end') }),
    },
    handler: async (request) => metrics.customers(request.query.month, request.query.at, await toFilter(request.query)),
  });

  app.get('/api/metrics/plans', {
    config: { access: 'read' },
    schema: {
      tags: ['metrics'],
      summary: 'Plan names in use',
      response: { 200: z.object({ items: z.array(z.string()) }) },
    },
    handler: async () => ({ items: await metrics.plans() }),
  });

  app.get('/api/metrics/export', {
    config: { access: 'read' },
    schema: {
      tags: ['metrics'],
      summary: 'The monthly MRR report as a CSV or Excel file',
      querystring: filterQuery.extend({
        from: month.optional(),
        to: month.optional(),
        format: z.enum(['csv', 'xlsx']).default('csv'),
        /** A download link cannot set Accept-Language: the UI passes its language here. */
        lang: z.enum(['zh-CN', 'en']).optional(),
      }),
    },
    handler: async (request, reply) => {
      const to = request.query.to ?? metrics.lastCompleteMonth();
      const from = request.query.from ?? `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`;
      const report = await metrics.mrr(from, to, await toFilter(request.query));
      const file = await exportReport(report, request.query.format, request.query.lang ?? requestLocale(request));
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="tenure-mrr-${from}-${to}.${request.query.format}"`)
        .send(file.body);
    },
  });

  app.get('/api/metrics/cohorts', {
    config: { access: 'read' },
    schema: {
      tags: ['metrics'],
      summary: 'Sign-up cohorts: customers and MRR retained by month',
      querystring: filterQuery.extend({ from: month, to: month.optional() }),
    },
    handler: async (request) =>
      metrics.cohorts(
        request.query.from,
        request.query.to ?? metrics.lastCompleteMonth(),
        await toFilter(request.query),
      ),
  });
}
