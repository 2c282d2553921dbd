import { z } from 'zod';

export const LIFECYCLE_STAGES = ['prospect', 'handoff', 'onboarding', 'adoption', 'renewal', 'renewed', 'churned'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
export const lifecycleStageSchema = z.enum(LIFECYCLE_STAGES);

/** Stage lengths in days (seed 004: onboarding the first 90 days, adoption to day 270, renewal the last 90). */
export const lifecycleDurationsSchema = z.object({
  onboardingDays: z.number().int().min(1).max(730),
  adoptionEndDays: z.number().int().min(1).max(3650),
  renewalDays: z.number().int().min(1).max(365),
  renewedDays: z.number().int().min(0).max(365),
});
export type LifecycleDurations = z.infer<typeof lifecycleDurationsSchema>;

export const lifecycleSettingsSchema = z.object({
  defaults: lifecycleDurationsSchema,
  /** The first listed segment an account belongs to decides its durations. */
  segments: z.array(lifecycleDurationsSchema.extend({ segmentId: z.uuid() })).max(50),
});
export type LifecycleSettings = z.infer<typeof lifecycleSettingsSchema>;

export const DEFAULT_LIFECYCLE_SETTINGS: LifecycleSettings = {
  defaults: { onboardingDays: 90, adoptionEndDays: 270, renewalDays: 90, renewedDays: 30 },
  segments: [],
};

export const lifecycleOverrideSchema = z.object({ stage: lifecycleStageSchema, reason: z.string().trim().min(1).max(500) });

export interface LifecycleView {
  accountId: string;
  stage: LifecycleStage | null;
  /** The stage the dates give (what clearing the override returns to). */
  computedStage: LifecycleStage | null;
  override: { stage: LifecycleStage; reason: string; setBy: string | null; setByName: string | null; setAt: Date } | null;
}
