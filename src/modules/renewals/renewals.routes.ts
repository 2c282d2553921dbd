import { z } from 'zod';
import { type App, idParams, okResponse } from '../../http/types.js';
import { MAX_MONEY_MINOR } from '../../shared/money.js';
import {
  CHURN_REASONS,
  RACI_ACTIVITIES,
  RACI_LETTERS,
  RACI_PARTIES,
  RENEWAL_CATEGORIES,
  RENEWAL_OUTCOMES,
  categoryInput,
  outcomeInput,
  renewalListQuery,
} from '../../shared/renewals.js';
import { requestLocale } from '../../http/validation.js';
import { renewalsCsv } from './export.js';
import type { RenewalService } from './renewals.service.js';

const day = z.iso.date();
const color = z.enum(['green', 'yellow', 'red']).nullable();

const renewalSchema = z.object({
  accountId: z.string(),
  accountName: z.string(),
  externalId: z.string().nullable(),
  renewsOn: z.string(),
  daysLeft: z.number().int(),
  termMonths: z.number().int().nullable(),
  fixedEnd: z.boolean(),
  arrMinor: z.number().int(),
  currency: z.string(),
  health: z.object({ score: z.number().nullable(), color }).nullable(),
  modelProbability: z.number().nullable(),
  probability: z.number(),
  probabilitySource: z.enum(['model', 'category', 'outcome']),
  category: z.enum(RENEWAL_CATEGORIES),
  categorySetByHand: z.boolean(),
  categorySetByName: z.string().nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  segmentId: z.string().nullable(),
  segmentName: z.string().nullable(),
  renewalManagerId: z.string().nullable(),
  renewalManagerName: z.string().nullable(),
  lastTouchAt: z.date().nullable(),
  outcome: z.enum(RENEWAL_OUTCOMES).nullable(),
  churnReason: z.enum(CHURN_REASONS).nullable(),
});

const figures = {
  renewals: z.number().int(),
  pipelineMinor: z.number().int(),
  forecastMinor: z.number().int(),
  committedMinor: z.number().int(),
};
const group = z.object({ id: z.string().nullable(), name: z.string().nullable(), ...figures });
const forecastSchema = z.object({
  asOf: z.string(),
  currency: z.string(),
  modelAvailable: z.boolean(),
  windows: z.array(
    z.object({
      days: z.number().int(),
      ...figures,
      byOwner: z.array(group),
      bySegment: z.array(group),
      sources: z.object({ model: z.number().int(), category: z.number().int(), outcome: z.number().int() }),
    }),
  ),
});
const targetSchema = z.object({
  days: z.number().int(),
  currency: z.string(),
  targetMinor: z.number().int(),
  forecastMinor: z.number().int(),
  gapMinor: z.number().int(),
  healthyLevel: z.number(),
  reachable: z.boolean(),
  accounts: z.array(
    z.object({
      accountId: z.string(),
      accountName: z.string(),
      arrMinor: z.number().int(),
      probability: z.number(),
      gainMinor: z.number().int(),
    }),
  ),
});

const letters = z.enum(RACI_LETTERS);
const raciMatrix = z.object(
  Object.fromEntries(
    RACI_ACTIVITIES.map((a) => [a, z.object(Object.fromEntries(RACI_PARTIES.map((p) => [p, letters.optional()])))]),
  ) as Record<
    (typeof RACI_ACTIVITIES)[number],
    z.ZodObject<Record<(typeof RACI_PARTIES)[number], z.ZodOptional<typeof letters>>>
  >,
);
const raciSchema = z.object({
  defaultMatrix: raciMatrix,
  segments: z.array(z.object({ segmentId: z.string(), matrix: raciMatrix })),
});

const outcomeGroup = z.object({
  key: z.string(),
  count: z.number().int(),
  arrMinor: z.number().int(),
  newArrMinor: z.number().int(),
});

export function renewalRoutes(app: App, { renewals }: { renewals: RenewalService }) {
  app.get('/api/renewals', {
    config: { access: 'read' },
    schema: {
      tags: ['renewals'],
      summary:
        'Contracts renewing in the next N days (≤ 180) with ARR, health, probability, category, owner and last touch',
      querystring: renewalListQuery,
      response: {
        200: z.object({
          items: z.array(renewalSchema),
          total: z.number().int(),
          arrMinor: z.number().int(),
          currency: z.string(),
          sources: z.object({ health: z.boolean(), prediction: z.boolean() }),
        }),
      },
    },
    handler: (request) => renewals.upcoming(request.query),
  });
  app.get('/api/renewals/export', {
    config: { access: 'read' },
    schema: {
      tags: ['renewals'],
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
  app.get('/api/renewals/forecast', {
    config: { access: 'read' },
    schema: {
      tags: ['renewals'],
      summary: 'Renewal ARR forecast (Σ probability × ARR) for 90 and 180 days by CSM and segment',
      querystring: z.object({ ownerId: z.uuid().optional(), segmentId: z.uuid().optional() }),
      response: { 200: forecastSchema },
    },
    handler: (request) => renewals.forecast(request.query),
  });
  app.get('/api/renewals/forecast/target', {
    config: { access: 'read' },
    schema: {
      tags: ['renewals'],
      summary: 'The fewest at-risk renewals that must turn healthy for the forecast to reach a target',
      querystring: z.object({
        days: z.coerce.number().int().min(1).max(180).default(90),
        targetMinor: z.coerce.number().int().min(0).max(MAX_MONEY_MINOR),
      }),
      response: { 200: targetSchema },
    },
    handler: (request) => renewals.target(request.query.days, request.query.targetMinor),
  });
  app.put('/api/renewals/:id/category', {
    config: { access: 'write' },
    schema: {
      tags: ['renewals'],
      summary: 'Set (or clear) the forecast category of an account’s next renewal',
      params: idParams,
      body: categoryInput,
      response: { 200: okResponse },
    },
    handler: (request) => renewals.setCategory(request.actor, request.params.id, request.body),
  });
  app.post('/api/renewals/:id/outcome', {
    config: { access: 'write' },
    schema: {
      tags: ['renewals'],
      summary: 'Record how a renewal ended (churned needs a reason)',
      params: idParams,
      body: outcomeInput,
      response: {
        200: z.object({
          id: z.string(),
          accountId: z.string(),
          renewsOn: z.string(),
          outcome: z.enum(RENEWAL_OUTCOMES),
          churnReason: z.enum(CHURN_REASONS).nullable(),
          arrMinor: z.number().int(),
          newArrMinor: z.number().int().nullable(),
          recordedBy: z.string(),
          recordedAt: z.date(),
        }),
      },
    },
    handler: (request) => renewals.recordOutcome(request.actor, request.params.id, request.body),
  });
  app.get('/api/renewals/outcomes', {
    config: { access: 'read' },
    schema: {
      tags: ['renewals'],
      summary: 'Counts and ARR per outcome and churn reason for renewals dated in a period',
      querystring: z.object({ from: day, to: day }),
      response: {
        200: z.object({
          from: z.string(),
          to: z.string(),
          currency: z.string(),
          total: z.object({ count: z.number().int(), arrMinor: z.number().int(), newArrMinor: z.number().int() }),
          byOutcome: z.array(outcomeGroup),
          byReason: z.array(outcomeGroup),
        }),
      },
    },
    handler: (request) => renewals.outcomesReport(request.query.from, request.query.to),
  });
  app.get('/api/renewals/raci', {
    config: { access: 'read' },
    schema: {
      tags: ['renewals'],
      summary: 'Who is Responsible, Accountable, Consulted, Informed for each renewal activity, per segment',
      response: { 200: raciSchema },
    },
    handler: () => renewals.raci(),
  });
  app.put('/api/renewals/raci', {
    config: { access: 'admin' },
    schema: {
      tags: ['renewals'],
      body: z.object({ segmentId: z.uuid().nullable(), matrix: raciMatrix }),
      response: { 200: raciSchema },
    },
    handler: (request) => renewals.setRaci(request.actor, request.body.segmentId, request.body.matrix),
  });
  app.get('/api/renewals/managers', {
    config: { access: 'read' },
    schema: {
      tags: ['renewals'],
      response: {
        200: z.object({
          items: z.array(
            z.object({ segmentId: z.string(), userId: z.string().nullable(), name: z.string().nullable() }),
          ),
        }),
      },
    },
    handler: async () => ({ items: await renewals.renewalManagers() }),
  });
  app.put('/api/renewals/managers/:id', {
    config: { access: 'manage' },
    schema: {
      tags: ['renewals'],
      summary: 'Set the renewal manager of a segment (null: none)',
      params: idParams,
      body: z.object({ userId: z.uuid().nullable() }),
      response: { 200: okResponse },
    },
    handler: (request) => renewals.setRenewalManager(request.actor, request.params.id, request.body.userId),
  });
}
