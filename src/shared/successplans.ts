import { z } from 'zod';
import { endpoint, idParams, itemsOf, okResponse } from './endpoint.js';

/**
 * Success plans (docs/success-plans.md): the value proposition catalogue, the customer's needs mapped to
 * value points at handoff, per-account objectives with a measurable target and tasks, templates per
 * segment, and a read-only share link for the customer.
 */
export const OBJECTIVE_STATUSES = ['not_started', 'on_track', 'at_risk', 'achieved', 'missed'] as const;
export type ObjectiveStatus = (typeof OBJECTIVE_STATUSES)[number];
/** module_usage: the module's events over 30 days; active_users: distinct people over 30 days; attribute: a numeric custom attribute; nps: the latest answer. */
export const METRIC_KINDS = ['module_usage', 'active_users', 'attribute', 'nps'] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];
export const COMPARATORS = ['>=', '<='] as const;

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().max(max);
const name = z.string().trim().min(1).max(200);

export const valuePointInputSchema = z.object({
  nameEn: name,
  nameZh: name,
  descriptionEn: text(2000).nullable().optional(),
  descriptionZh: text(2000).nullable().optional(),
  /** Product modules of the usage event catalogue. */
  modules: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  services: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  active: z.boolean().default(true),
});
export type ValuePointInput = z.infer<typeof valuePointInputSchema>;
export const valuePointSchema = z.object({
  id: z.string(),
  nameEn: z.string(),
  nameZh: z.string(),
  descriptionEn: z.string().nullable(),
  descriptionZh: z.string().nullable(),
  modules: z.array(z.string()),
  services: z.array(z.string()),
  active: z.boolean(),
});
export type ValuePoint = z.infer<typeof valuePointSchema>;

export const targetSchema = z
  .object({
    kind: z.enum(METRIC_KINDS),
    /** The module (module_usage) or the attribute key (attribute); null for the others. */
    key: z.string().trim().min(1).max(100).nullable().optional(),
    comparator: z.enum(COMPARATORS),
    value: z.number().finite().min(0).max(1e12),
  })
  .refine((t) => !(t.kind === 'module_usage' || t.kind === 'attribute') || !!t.key, {
    path: ['key'],
    message: 'errors.successTargetKey',
  })
  .refine((t) => t.kind !== 'nps' || t.value <= 10, { path: ['value'], message: 'errors.successNpsTarget' });
export type Target = z.infer<typeof targetSchema>;

export const needsSchema = z.object({
  items: z
    .array(z.object({ valuePointId: z.uuid(), note: text(2000).nullable().optional() }))
    .max(100)
    .refine((i) => new Set(i.map((x) => x.valuePointId)).size === i.length, 'errors.successDuplicateNeed'),
});
export type NeedsInput = z.infer<typeof needsSchema>;

export const objectiveInputSchema = z.object({
  title: name,
  valuePointId: z.uuid().nullable().optional(),
  neededOutcome: text(5000).nullable().optional(),
  ownerId: z.uuid().nullable().optional(),
  dueOn: isoDate.nullable().optional(),
  status: z.enum(OBJECTIVE_STATUSES).optional(),
  target: targetSchema.nullable().optional(),
});
export type ObjectiveInput = z.infer<typeof objectiveInputSchema>;
export const objectivePatchSchema = objectiveInputSchema.partial();
export type ObjectivePatch = z.infer<typeof objectivePatchSchema>;

export const taskInputSchema = z.object({
  title: name,
  ownerId: z.uuid().nullable().optional(),
  dueOn: isoDate.nullable().optional(),
  done: z.boolean().optional(),
});
export type TaskInput = z.infer<typeof taskInputSchema>;

const person = z.object({ id: z.string(), name: z.string() }).nullable();
export const taskSchema = z.object({
  id: z.string(),
  title: z.string(),
  owner: person,
  dueOn: z.string().nullable(),
  done: z.boolean(),
});
export type SuccessTask = z.infer<typeof taskSchema>;

export const objectiveSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  title: z.string(),
  valuePointId: z.string().nullable(),
  neededOutcome: z.string().nullable(),
  owner: person,
  dueOn: z.string().nullable(),
  status: z.enum(OBJECTIVE_STATUSES),
  target: z
    .object({
      kind: z.enum(METRIC_KINDS),
      key: z.string().nullable(),
      comparator: z.enum(COMPARATORS),
      value: z.number(),
    })
    .nullable(),
  /** The metric today (null without a target, or without data: no NPS answer, no such attribute). */
  current: z.number().nullable(),
  /** 0–1 towards the target (objectiveProgress); null without a target or a current value. */
  progress: z.number().nullable(),
  tasks: z.array(taskSchema),
});
export type Objective = z.infer<typeof objectiveSchema>;

/**
 * How far `current` is towards `target`, 0–1. At least: current / target (1 when the target is 0).
 * At most: 1 when current is at or under the target, else target / current (0 for a target of 0).
 */
export function objectiveProgress(comparator: '>=' | '<=', target: number, current: number | null): number | null {
  if (current === null) return null;
  const clamp = (n: number) => Math.max(0, Math.min(1, n));
  if (comparator === '>=') return target <= 0 ? 1 : clamp(current / target);
  return current <= target ? 1 : current <= 0 ? 1 : clamp(target / current);
}

export const templateObjectiveSchema = z.object({
  title: name,
  valuePointId: z.uuid().nullable().optional(),
  neededOutcome: text(5000).nullable().optional(),
  target: targetSchema.nullable().optional(),
  /** Due this many days after the template is applied. */
  dueInDays: z.number().int().min(0).max(3650).nullable().optional(),
});
export const templateInputSchema = z.object({
  name,
  segmentId: z.uuid().nullable().optional(),
  objectives: z.array(templateObjectiveSchema).min(1).max(50),
});
export type TemplateInput = z.infer<typeof templateInputSchema>;
export const templateSchema = z.object({
  id: z.string(),
  name: z.string(),
  segment: z.object({ id: z.string(), name: z.string() }).nullable(),
  objectives: z.array(
    z.object({
      title: z.string(),
      valuePointId: z.string().nullable().optional(),
      neededOutcome: z.string().nullable().optional(),
      target: z
        .object({
          kind: z.enum(METRIC_KINDS),
          key: z.string().nullable().optional(),
          comparator: z.enum(COMPARATORS),
          value: z.number(),
        })
        .nullable()
        .optional(),
      dueInDays: z.number().nullable().optional(),
    }),
  ),
});
export type PlanTemplate = z.infer<typeof templateSchema>;

export const planSchema = z.object({
  objectives: z.array(objectiveSchema),
  needs: z.array(z.object({ valuePointId: z.string(), note: z.string().nullable() })),
  /** The template of the account's primary segment, if there is one. */
  suggestedTemplate: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The live share link (its secret is shown only when created). */
  link: z.object({ id: z.string(), createdAt: z.date() }).nullable(),
});
export type SuccessPlan = z.infer<typeof planSchema>;

const accountParams = idParams;
export const successPlansApi = {
  valuePoints: endpoint({ method: 'GET', path: '/api/value-points', response: itemsOf(valuePointSchema) }),
  createValuePoint: endpoint({
    method: 'POST',
    path: '/api/value-points',
    body: valuePointInputSchema,
    response: valuePointSchema,
    status: 201,
  }),
  updateValuePoint: endpoint({
    method: 'PUT',
    path: '/api/value-points/:id',
    params: idParams,
    body: valuePointInputSchema,
    response: valuePointSchema,
  }),
  deleteValuePoint: endpoint({
    method: 'DELETE',
    path: '/api/value-points/:id',
    params: idParams,
    response: okResponse,
  }),
  needs: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/value-needs',
    params: accountParams,
    response: needsSchema,
  }),
  saveNeeds: endpoint({
    method: 'PUT',
    path: '/api/accounts/:id/value-needs',
    params: accountParams,
    body: needsSchema,
    response: needsSchema,
  }),
  plan: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/success-plan',
    params: accountParams,
    response: planSchema,
  }),
  createObjective: endpoint({
    method: 'POST',
    path: '/api/accounts/:id/objectives',
    params: accountParams,
    body: objectiveInputSchema,
    response: objectiveSchema,
    status: 201,
  }),
  updateObjective: endpoint({
    method: 'PATCH',
    path: '/api/objectives/:id',
    params: idParams,
    body: objectivePatchSchema,
    response: objectiveSchema,
  }),
  deleteObjective: endpoint({ method: 'DELETE', path: '/api/objectives/:id', params: idParams, response: okResponse }),
  createTask: endpoint({
    method: 'POST',
    path: '/api/objectives/:id/tasks',
    params: idParams,
    body: taskInputSchema,
    response: taskSchema,
    status: 201,
  }),
  updateTask: endpoint({
    method: 'PATCH',
    path: '/api/success-tasks/:id',
    params: idParams,
    body: taskInputSchema.partial(),
    response: taskSchema,
  }),
  deleteTask: endpoint({ method: 'DELETE', path: '/api/success-tasks/:id', params: idParams, response: okResponse }),
  applyTemplate: endpoint({
    method: 'POST',
    path: '/api/accounts/:id/success-plan/apply',
    params: accountParams,
    body: z.object({ templateId: z.uuid() }),
    response: z.object({ created: z.number().int() }),
  }),
  createLink: endpoint({
    method: 'POST',
    path: '/api/accounts/:id/success-plan/link',
    params: accountParams,
    response: z.object({ id: z.string(), url: z.string() }),
    status: 201,
  }),
  revokeLink: endpoint({
    method: 'DELETE',
    path: '/api/accounts/:id/success-plan/link',
    params: accountParams,
    response: okResponse,
  }),
  templates: endpoint({ method: 'GET', path: '/api/success-plan-templates', response: itemsOf(templateSchema) }),
  createTemplate: endpoint({
    method: 'POST',
    path: '/api/success-plan-templates',
    body: templateInputSchema,
    response: templateSchema,
    status: 201,
  }),
  updateTemplate: endpoint({
    method: 'PUT',
    path: '/api/success-plan-templates/:id',
    params: idParams,
    body: templateInputSchema,
    response: templateSchema,
  }),
  deleteTemplate: endpoint({
    method: 'DELETE',
    path: '/api/success-plan-templates/:id',
    params: idParams,
    response: okResponse,
  }),
};
