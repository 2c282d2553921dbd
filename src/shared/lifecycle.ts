import { z } from 'zod';

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

export interface LifecycleView {
  accountId: string;
  stage: LifecycleStage | null;
  /** The stage the dates give (what clearing the override returns to). */
  computedStage: LifecycleStage | null;
  override: {
    stage: LifecycleStage;
    reason: string;
    setBy: string | null;
    setByName: string | null;
    setAt: Date;
  } | null;
}
