import { z } from 'zod';
import { type App, idParams, pageQuery } from '../../http/types.js';
import {
  ADVOCACY_KINDS,
  ADVOCACY_STAGES,
  OPPORTUNITY_SOURCES,
  OPPORTUNITY_STAGES,
  REFERRAL_STATUSES,
  advocateInput,
  advocatePatch,
  opportunityInput,
  opportunityPatch,
  referralInput,
  referralPatch,
} from '../../shared/renewals.js';
import type { AdvocacyService } from './advocacy.service.js';
import type { ExpansionService } from './expansion.service.js';

const opportunitySchema = z.object({
  id: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  title: z.string(),
  source: z.enum(OPPORTUNITY_SOURCES),
  sourceRef: z.string().nullable(),
  ticketId: z.string().nullable(),
  stage: z.enum(OPPORTUNITY_STAGES),
  amountMinor: z.number().int(),
  currency: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  expectedCloseOn: z.string().nullable(),
  product: z.string().nullable(),
  notes: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  closedAt: z.date().nullable(),
});
const advocateSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  contactId: z.string().nullable(),
  kind: z.enum(ADVOCACY_KINDS),
  stage: z.enum(ADVOCACY_STAGES),
  notes: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const referralSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  referredCompany: z.string(),
  status: z.enum(REFERRAL_STATUSES),
  referredAccountId: z.string().nullable(),
  referredAccountName: z.string().nullable(),
  becameCustomer: z.boolean(),
  notes: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const accountQuery = z.object({ accountId: z.uuid().optional() });

export function expansionRoutes(
  app: App,
  { expansion, advocacy }: { expansion: ExpansionService; advocacy: AdvocacyService },
) {
  app.get('/api/opportunities', {
    config: { access: 'read' },
    schema: {
      tags: ['expansion'],
      querystring: pageQuery.extend({ accountId: z.uuid().optional(), stage: z.enum(OPPORTUNITY_STAGES).optional() }),
      response: {
        200: z.object({
          items: z.array(opportunitySchema),
          total: z.number().int(),
          byStage: z.array(
            z.object({
              stage: z.enum(OPPORTUNITY_STAGES),
              count: z.number().int(),
              amounts: z.array(z.object({ currency: z.string(), amountMinor: z.number().int() })),
            }),
          ),
        }),
      },
    },
    handler: (request) => expansion.list(request.query),
  });
  app.post('/api/opportunities', {
    config: { access: 'write' },
    schema: {
      tags: ['expansion'],
      summary: 'Create an expansion opportunity (idempotent per source reference)',
      body: opportunityInput,
      response: {
        200: opportunitySchema.extend({ created: z.boolean() }),
        201: opportunitySchema.extend({ created: z.boolean() }),
      },
    },
    handler: async (request, reply) => {
      const result = await expansion.createOpportunity(request.actor, request.body);
      return reply.status(result.created ? 201 : 200).send(result);
    },
  });
  app.patch('/api/opportunities/:id', {
    config: { access: 'write' },
    schema: { tags: ['expansion'], params: idParams, body: opportunityPatch, response: { 200: opportunitySchema } },
    handler: (request) => expansion.update(request.actor, request.params.id, request.body),
  });
  app.get('/api/opportunities/:id/history', {
    config: { access: 'read' },
    schema: {
      tags: ['expansion'],
      params: idParams,
      response: {
        200: z.object({
          items: z.array(
            z.object({
              fromStage: z.enum(OPPORTUNITY_STAGES).nullable(),
              toStage: z.enum(OPPORTUNITY_STAGES),
              actorName: z.string().nullable(),
              at: z.date(),
            }),
          ),
        }),
      },
    },
    handler: async (request) => ({ items: await expansion.history(request.params.id) }),
  });

  app.get('/api/advocacy/candidates', {
    config: { access: 'read' },
    schema: {
      tags: ['advocacy'],
      summary: 'Promoters: latest NPS 9–10, renewed at least once, healthy when health is available',
      response: {
        200: z.object({
          items: z.array(
            z.object({
              accountId: z.string(),
              accountName: z.string(),
              ownerName: z.string().nullable(),
              npsScore: z.number().int(),
              npsAt: z.date(),
              trackedKinds: z.array(z.string()),
            }),
          ),
        }),
      },
    },
    handler: async () => ({ items: await advocacy.candidates() }),
  });
  app.get('/api/advocacy/advocates', {
    config: { access: 'read' },
    schema: {
      tags: ['advocacy'],
      querystring: accountQuery,
      response: { 200: z.object({ items: z.array(advocateSchema) }) },
    },
    handler: async (request) => ({ items: await advocacy.list(request.query.accountId) }),
  });
  app.post('/api/advocacy/advocates', {
    config: { access: 'write' },
    schema: { tags: ['advocacy'], body: advocateInput, response: { 200: advocateSchema } },
    handler: (request) => advocacy.track(request.actor, request.body),
  });
  app.patch('/api/advocacy/advocates/:id', {
    config: { access: 'write' },
    schema: { tags: ['advocacy'], params: idParams, body: advocatePatch, response: { 200: advocateSchema } },
    handler: (request) => advocacy.update(request.actor, request.params.id, request.body),
  });
  app.get('/api/advocacy/referrals', {
    config: { access: 'read' },
    schema: {
      tags: ['advocacy'],
      querystring: accountQuery,
      response: { 200: z.object({ items: z.array(referralSchema) }) },
    },
    handler: async (request) => ({ items: await advocacy.referrals(request.query.accountId) }),
  });
  app.post('/api/advocacy/referrals', {
    config: { access: 'write' },
    schema: { tags: ['advocacy'], body: referralInput, response: { 201: referralSchema } },
    handler: async (request, reply) => reply.status(201).send(await advocacy.addReferral(request.actor, request.body)),
  });
  app.patch('/api/advocacy/referrals/:id', {
    config: { access: 'write' },
    schema: { tags: ['advocacy'], params: idParams, body: referralPatch, response: { 200: referralSchema } },
    handler: (request) => advocacy.updateReferral(request.actor, request.params.id, request.body),
  });
}
