import { z } from 'zod';
import { type App, idParams, okResponse } from '../../http/types.js';
import {
  accountHealthSchema,
  backtestQuerySchema,
  backtestSchema,
  currentHealthSchema,
  healthDaySchema,
  MEASURE_TYPES,
  scorecardInputSchema,
  scorecardPatchSchema,
  scorecardSchema,
  sentimentInputSchema,
  sentimentSchema,
} from '../../shared/health.js';
import type { HealthService } from './health.service.js';
import { MEASURES } from './measures.js';

const catalogueSchema = z.object({
  items: z.array(z.object({ type: z.enum(MEASURE_TYPES), bad: z.number(), good: z.number() })),
});

export function healthRoutes(app: App, { health }: { health: HealthService }) {
  app.get('/api/health/measures', {
    config: { access: 'read' },
    schema: {
      tags: ['health'],
      summary: 'The measure catalogue with typical thresholds',
      response: { 200: catalogueSchema },
    },
    handler: async () => ({ items: MEASURE_TYPES.map((type) => ({ type, ...MEASURES[type].defaults })) }),
  });
  app.get('/api/health/scorecards', {
    config: { access: 'read' },
    schema: { tags: ['health'], response: { 200: z.object({ items: z.array(scorecardSchema) }) } },
    handler: async () => ({ items: await health.list() }),
  });
  app.post('/api/health/scorecards', {
    config: { access: 'admin' },
    schema: { tags: ['health'], body: scorecardInputSchema, response: { 201: scorecardSchema } },
    handler: async (request, reply) => reply.status(201).send(await health.create(request.actor, request.body)),
  });
  app.get('/api/health/scorecards/:id', {
    config: { access: 'read' },
    schema: { tags: ['health'], params: idParams, response: { 200: scorecardSchema } },
    handler: (request) => health.get(request.params.id),
  });
  app.patch('/api/health/scorecards/:id', {
    config: { access: 'admin' },
    schema: { tags: ['health'], params: idParams, body: scorecardPatchSchema, response: { 200: scorecardSchema } },
    handler: (request) => health.update(request.actor, request.params.id, request.body),
  });
  app.delete('/api/health/scorecards/:id', {
    config: { access: 'admin' },
    schema: { tags: ['health'], params: idParams, response: { 200: okResponse } },
    handler: async (request) => {
      await health.remove(request.actor, request.params.id);
      return { ok: true as const };
    },
  });
  app.post('/api/health/recompute', {
    config: { access: 'manage' },
    schema: {
      tags: ['health'],
      summary: 'Recomputes every applicable scorecard for all accounts (or the ones given) as of a day',
      body: z.object({ asOfDay: healthDaySchema.optional(), accountIds: z.array(z.uuid()).max(10_000).optional() }),
      response: {
        200: z.object({
          accounts: z.number().int(),
          scorecards: z.number().int(),
          days: z.number().int(),
          seconds: z.number(),
        }),
      },
    },
    handler: (request) => health.recompute(request.body),
  });
  app.get('/api/health/current', {
    config: { access: 'read' },
    schema: {
      tags: ['health'],
      summary: 'Latest score of each applicable scorecard for the accounts given (comma-separated ids)',
      querystring: z.object({
        accountIds: z
          .string()
          .transform((v) => v.split(',').filter(Boolean))
          .pipe(z.array(z.uuid()).max(500)),
      }),
      response: { 200: z.object({ items: z.array(currentHealthSchema) }) },
    },
    handler: async (request) => ({ items: await health.currentForAccounts(request.query.accountIds) }),
  });
  app.get('/api/accounts/:id/health', {
    config: { access: 'read' },
    schema: {
      tags: ['health'],
      summary: 'Scores, measures, history, what changed the score since a day, CSM sentiment and end-user health',
      params: idParams,
      querystring: z.object({
        since: healthDaySchema.optional(),
        days: z.coerce.number().int().min(7).max(730).optional(),
      }),
      response: { 200: accountHealthSchema },
    },
    handler: (request) => health.accountHealth(request.params.id, request.query),
  });
  app.put('/api/accounts/:id/health/sentiment', {
    config: { access: 'write' },
    schema: { tags: ['health'], params: idParams, body: sentimentInputSchema, response: { 200: sentimentSchema } },
    handler: (request) => health.setSentiment(request.actor, request.params.id, request.body),
  });
  app.get('/api/health/backtest', {
    config: { access: 'read' },
    schema: {
      tags: ['health'],
      summary: 'How well a scorecard separated churned from renewed accounts before renewal',
      querystring: backtestQuerySchema,
      response: { 200: backtestSchema },
    },
    handler: (request) => health.backtest(request.query),
  });
}
