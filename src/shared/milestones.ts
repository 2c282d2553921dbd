import { z } from 'zod';
import { endpoint, idParams, itemsOf } from './endpoint.js';

/** A success milestone of onboarding: due a number of days after first payment, done by hand or by usage events. */
export const milestoneTemplateSchema = z.object({
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
export type MilestoneTemplate = z.infer<typeof milestoneTemplateSchema>;

export const milestoneTemplateInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  position: z.number().int().min(0).max(1000).default(0),
  segmentId: z.uuid().nullable().default(null),
  dueDays: z.number().int().min(0).max(3650),
  autoEvent: z.string().trim().min(1).max(200).nullable().default(null),
  autoCount: z.number().int().min(1).max(1_000_000).nullable().default(null),
  active: z.boolean().default(true),
});

export const milestoneSchema = z.object({
  templateId: z.string(),
  dueOn: z.string(),
  completedOn: z.string().nullable(),
  completedHow: z.enum(['manual', 'auto']).nullable(),
  overdue: z.boolean(),
});
export type Milestone = z.infer<typeof milestoneSchema>;

export const accountMilestoneSchema = milestoneSchema.extend({
  key: z.string().nullable(),
  name: z.string(),
  completedByName: z.string().nullable(),
});

export const boardAccountSchema = z.object({
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
});
export type BoardAccount = z.infer<typeof boardAccountSchema>;

export const boardSchema = z.object({
  today: z.string(),
  templates: z.array(milestoneTemplateSchema),
  accounts: z.array(boardAccountSchema),
});

export const boardQuerySchema = z.object({
  onboardingManagerId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  segmentId: z.uuid().optional(),
});

/**
 * Onboarding risk: green = no open CTA, yellow = an open CTA, red = a CTA flagged for other teams.
 * The methodology says each colour carries a score without giving numbers; these weights are ours.
 */
export const onboardingRiskWeightsSchema = z.object({
  green: z.number().min(0).max(100),
  yellow: z.number().min(0).max(100),
  red: z.number().min(0).max(100),
});
export type OnboardingRiskWeights = z.infer<typeof onboardingRiskWeightsSchema>;

const riskColourSchema = z.enum(['green', 'yellow', 'red']);

export const onboardingRiskSchema = z.object({
  asOf: z.string(),
  currency: z.string(),
  weights: onboardingRiskWeightsSchema,
  accounts: z.array(
    z.object({
      accountId: z.string(),
      accountName: z.string(),
      onboardingManagerId: z.string().nullable(),
      onboardingManagerName: z.string().nullable(),
      colour: riskColourSchema,
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
export type OnboardingRisk = z.infer<typeof onboardingRiskSchema>;

/** The milestones and onboarding API (src/shared/endpoint.ts). */
export const milestonesApi = {
  templates: endpoint({
    method: 'GET',
    path: '/api/milestone-templates',
    response: itemsOf(milestoneTemplateSchema),
  }),
  createTemplate: endpoint({
    method: 'POST',
    path: '/api/milestone-templates',
    body: milestoneTemplateInputSchema,
    response: milestoneTemplateSchema,
    status: 201,
  }),
  updateTemplate: endpoint({
    method: 'PATCH',
    path: '/api/milestone-templates/:id',
    params: idParams,
    body: milestoneTemplateInputSchema.partial(),
    response: milestoneTemplateSchema,
  }),
  forAccount: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/milestones',
    params: idParams,
    response: itemsOf(accountMilestoneSchema),
  }),
  complete: endpoint({
    method: 'PUT',
    path: '/api/accounts/:id/milestones/:templateId',
    params: z.object({ id: z.uuid(), templateId: z.uuid() }),
    body: z.object({ done: z.boolean() }),
    response: z.object({
      accountId: z.string(),
      templateId: z.string(),
      dueOn: z.string(),
      completedOn: z.string().nullable(),
      completedHow: z.enum(['manual', 'auto']).nullable(),
    }),
  }),
  board: endpoint({ method: 'GET', path: '/api/onboarding/board', query: boardQuerySchema, response: boardSchema }),
  risk: endpoint({ method: 'GET', path: '/api/onboarding/risk', response: onboardingRiskSchema }),
  setRiskWeights: endpoint({
    method: 'PUT',
    path: '/api/onboarding/risk-weights',
    body: onboardingRiskWeightsSchema,
    response: onboardingRiskWeightsSchema,
  }),
};
