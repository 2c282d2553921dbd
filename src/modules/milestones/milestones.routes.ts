import { z } from 'zod';
import { type App, idParams } from '../../http/types.js';
import { onboardingRiskWeightsSchema, type SettingsService } from '../settings/settings.service.js';
import type { MilestoneService } from './milestones.service.js';
import type { createOnboardingRisk } from './onboarding-risk.js';

const tags = ['milestones'];
const templateSchema = z.object({
  id: z.string(),
  key: z.string().nullable(),
  name: z.string(),
  position: z.number().int(),
  segmentId: z.string().nullable(),
  dueDays: z.number().int(),
  autoEvent: z.string().nullable(),
  autoCount: z.number().int().nullable(),
  active: z.boolean(),
});
const templateInput = z.object({
  name: z.string().trim().min(1).max(200),
  position: z.number().int().min(0).max(1000).default(0),
  segmentId: z.uuid().nullable().default(null),
  dueDays: z.number().int().min(0).max(3650),
  autoEvent: z.string().trim().min(1).max(200).nullable().default(null),
  autoCount: z.number().int().min(1).max(1_000_000).nullable().default(null),
  active: z.boolean().default(true),
});
const milestoneSchema = z.object({
  templateId: z.string(),
  dueOn: z.string(),
  completedOn: z.string().nullable(),
  completedHow: z.enum(['manual', 'auto']).nullable(),
  overdue: z.boolean(),
});
const boardSchema = z.object({
  today: z.string(),
  templates: z.array(templateSchema),
  accounts: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      firstPaidOn: z.string().nullable(),
      ownerId: z.string().nullable(),
      ownerName: z.string().nullable(),
      onboardingManagerId: z.string().nullable(),
      onboardingManagerName: z.string().nullable(),
      currentTemplateId: z.string().nullable(),
      currentDueOn: z.string().nullable(),
      overdue: z.boolean(),
      milestones: z.array(milestoneSchema),
    }),
  ),
});
const colour = z.enum(['green', 'yellow', 'red']);
const riskSchema = z.object({
  asOf: z.string(),
  currency: z.string(),
  weights: onboardingRiskWeightsSchema,
  accounts: z.array(
    z.object({
      accountId: z.string(),
      accountName: z.string(),
      onboardingManagerId: z.string().nullable(),
      onboardingManagerName: z.string().nullable(),
      colour,
      score: z.number(),
      openCtas: z.number().int(),
      arrMinor: z.number().int(),
    }),
  ),
  managers: z.array(
    z.object({
      onboardingManagerId: z.string().nullable(),
      onboardingManagerName: z.string().nullable(),
      accounts: z.number().int(),
      green: z.number().int(),
      yellow: z.number().int(),
      red: z.number().int(),
      score: z.number(),
      arrAtRiskMinor: z.number().int(),
    }),
  ),
});

export function milestoneRoutes(
  app: App,
  {
    milestones,
    onboardingRisk,
    settings,
  }: {
    milestones: MilestoneService;
    onboardingRisk: ReturnType<typeof createOnboardingRisk>;
    settings: SettingsService;
  },
) {
  app.get('/api/milestone-templates', {
    config: { access: 'read' },
    schema: { tags, response: { 200: z.object({ items: z.array(templateSchema) }) } },
    handler: async () => ({ items: await milestones.templates() }),
  });
  app.post('/api/milestone-templates', {
    config: { access: 'admin' },
    schema: { tags, body: templateInput, response: { 201: templateSchema } },
    handler: async (request, reply) =>
      reply.status(201).send(await milestones.createTemplate(request.actor, request.body)),
  });
  app.patch('/api/milestone-templates/:id', {
    config: { access: 'admin' },
    schema: { tags, params: idParams, body: templateInput.partial(), response: { 200: templateSchema } },
    handler: (request) => milestones.updateTemplate(request.actor, request.params.id, request.body),
  });
  app.get('/api/accounts/:id/milestones', {
    config: { access: 'read' },
    schema: {
      tags,
      params: idParams,
      response: {
        200: z.object({
          items: z.array(
            milestoneSchema.extend({
              key: z.string().nullable(),
              name: z.string(),
              completedByName: z.string().nullable(),
            }),
          ),
        }),
      },
    },
    handler: async (request) => ({ items: await milestones.forAccount(request.params.id) }),
  });
  app.put('/api/accounts/:id/milestones/:templateId', {
    config: { access: 'write' },
    schema: {
      tags,
      params: z.object({ id: z.uuid(), templateId: z.uuid() }),
      body: z.object({ done: z.boolean() }),
      response: {
        200: z.object({
          accountId: z.string(),
          templateId: z.string(),
          dueOn: z.string(),
          completedOn: z.string().nullable(),
          completedHow: z.enum(['manual', 'auto']).nullable(),
        }),
      },
    },
    handler: (request) =>
      milestones.complete(request.actor, request.params.id, request.params.templateId, request.body.done),
  });
  app.get('/api/onboarding/board', {
    config: { access: 'read' },
    schema: {
      tags,
      querystring: z.object({
        onboardingManagerId: z.uuid().optional(),
        ownerId: z.uuid().optional(),
        segmentId: z.uuid().optional(),
      }),
      response: { 200: boardSchema },
    },
    handler: (request) => milestones.board(request.query),
  });
  app.get('/api/onboarding/risk', {
    config: { access: 'read' },
    schema: { tags, response: { 200: riskSchema } },
    handler: () => onboardingRisk.report(),
  });
  app.put('/api/onboarding/risk-weights', {
    config: { access: 'admin' },
    schema: { tags, body: onboardingRiskWeightsSchema, response: { 200: onboardingRiskWeightsSchema } },
    handler: (request) => settings.set(request.actor, 'onboarding_risk_weights', request.body),
  });
}
