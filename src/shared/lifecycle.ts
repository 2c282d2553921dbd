import { z } from 'zod';
import { endpoint, idParams } from './endpoint.js';

export const LIFECYCLE_STAGES = [
  'prospect',
  'handoff',
  'onboarding',
  'adoption',
  'renewal',
  'renewed',
  'churned',
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
export const lifecycleStageSchema = z.enum(LIFECYCLE_STAGES);

/** Stage lengths in days (seed 004: onboarding the first 90 days, adoption to day 270, renewal the last 90). */
const durationFields = z.object({
  onboardingDays: z.number().int().min(1).max(730),
  adoptionEndDays: z.number().int().min(1).max(3650),
  renewalDays: z.number().int().min(1).max(365),
  renewedDays: z.number().int().min(0).max(365),
});
const adoptionAfterOnboarding = (d: { onboardingDays: number; adoptionEndDays: number }) =>
  d.adoptionEndDays > d.onboardingDays;
const adoptionIssue = { path: ['adoptionEndDays'], message: 'errors.adoptionBeforeOnboarding' };

export const lifecycleDurationsSchema = durationFields.refine(adoptionAfterOnboarding, adoptionIssue);
export type LifecycleDurations = z.infer<typeof lifecycleDurationsSchema>;

export const lifecycleSettingsSchema = z
  .object({
    defaults: lifecycleDurationsSchema,
    /** The first listed segment an account belongs to decides its durations. */
    segments: z
      .array(durationFields.extend({ segmentId: z.uuid() }).refine(adoptionAfterOnboarding, adoptionIssue))
      .max(50),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.segments.forEach((s, i) => {
      if (seen.has(s.segmentId))
        ctx.addIssue({ code: 'custom', path: ['segments', i, 'segmentId'], message: 'errors.duplicateSegment' });
      seen.add(s.segmentId);
    });
  });
export type LifecycleSettings = z.infer<typeof lifecycleSettingsSchema>;

export const DEFAULT_LIFECYCLE_SETTINGS: LifecycleSettings = {
  defaults: { onboardingDays: 90, adoptionEndDays: 270, renewalDays: 90, renewedDays: 30 },
  segments: [],
};

export const lifecycleOverrideSchema = z.object({
  stage: lifecycleStageSchema,
  reason: z.string().trim().min(1).max(500),
});

export const lifecycleViewSchema = z.object({
  accountId: z.string(),
  stage: lifecycleStageSchema.nullable(),
  /** The stage the dates give (what clearing the override returns to). */
  computedStage: lifecycleStageSchema.nullable(),
  override: z
    .object({
      stage: lifecycleStageSchema,
      reason: z.string(),
      setBy: z.string().nullable(),
      setByName: z.string().nullable(),
      setAt: z.date(),
    })
    .nullable(),
});
export type LifecycleView = z.infer<typeof lifecycleViewSchema>;

export const lifecycleRunSchema = z.object({
  asOf: z.string(),
  changed: z.array(
    z.object({ accountId: z.string(), from: lifecycleStageSchema.nullable(), to: lifecycleStageSchema }),
  ),
});
export type LifecycleRunResult = z.infer<typeof lifecycleRunSchema>;

/** The lifecycle API (src/shared/endpoint.ts). */
export const lifecycleApi = {
  get: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/lifecycle',
    params: idParams,
    response: lifecycleViewSchema,
  }),
  setOverride: endpoint({
    method: 'PUT',
    path: '/api/accounts/:id/lifecycle/override',
    params: idParams,
    body: lifecycleOverrideSchema,
    response: lifecycleViewSchema,
  }),
  clearOverride: endpoint({
    method: 'DELETE',
    path: '/api/accounts/:id/lifecycle/override',
    params: idParams,
    response: lifecycleViewSchema,
  }),
  run: endpoint({ method: 'POST', path: '/api/lifecycle/run', response: lifecycleRunSchema }),
  settings: endpoint({ method: 'GET', path: '/api/settings/lifecycle', response: lifecycleSettingsSchema }),
  saveSettings: endpoint({
    method: 'PUT',
    path: '/api/settings/lifecycle',
    body: lifecycleSettingsSchema,
    response: lifecycleSettingsSchema,
  }),
};
