import type { Kysely } from 'kysely';
import { z } from 'zod';
import { type Finance, type FxRates, financeSchema, fxRatesSchema } from '../../shared/settings.js';
import type { DB } from '../../db/types.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { type AttributeLabels, attributeLabelsSchema } from '../../shared/attributes.js';
import { DEFAULT_HANDOFF_SETTINGS, type HandoffSettings, handoffSettingsSchema } from '../../shared/handoff.js';
import { DEFAULT_LIFECYCLE_SETTINGS, type LifecycleSettings, lifecycleSettingsSchema } from '../../shared/lifecycle.js';
import { type OnboardingRiskWeights, onboardingRiskWeightsSchema } from '../../shared/milestones.js';
import { DEFAULT_TEAM_CAPACITY, type TeamCapacity, teamCapacitySchema } from '../../shared/team.js';
import {
  eventRetentionDaysSchema,
  type KeyBehaviour,
  type ProductModule,
  keyBehaviourValueSchema,
  productModulesSchema,
} from '../../shared/usage.js';

// The schemas are part of the API contract (src/shared/settings.ts); re-exported for the server's callers.
export { type Finance, type FxRates, financeSchema, fxRatesSchema };
export const DEFAULT_FX_RATES: FxRates = {
  USD: 1,
  CNY: 7.1,
  EUR: 0.92,
  GBP: 0.79,
  JPY: 150,
  HKD: 7.8,
  SGD: 1.34,
  AUD: 1.52,
  CAD: 1.37,
};

/** Stripe (docs/billing.md): the webhook signing secret entered in the UI; STRIPE_WEBHOOK_SECRET wins over it. */
export const stripeSettingsSchema = z.object({ webhookSecret: z.string().min(1).nullable() });
export type StripeSettings = z.infer<typeof stripeSettingsSchema>;
export const identityVerificationSchema = z.object({ secret: z.string().min(32) }).nullable();
export type IdentityVerification = NonNullable<z.infer<typeof identityVerificationSchema>>;
export const setupTokenSchema = z.object({ digest: z.string().length(64), expiresAt: z.string() }).nullable();
export type SetupToken = NonNullable<z.infer<typeof setupTokenSchema>>;
/** Settings holding secrets: the audit log records that they changed, never the values. */
const SECRET_SETTINGS: ReadonlySet<string> = new Set(['stripe', 'identity_verification', 'setup_token']);
const redacted = (value: unknown) =>
  JSON.parse(JSON.stringify(value ?? null, (_k, v) => (typeof v === 'string' ? '[redacted]' : v)));

/** Product usage (docs/tracking.md): raw-event retention and product modules are the usage API's (src/shared/usage.ts). */
export const keyBehaviourSchema = keyBehaviourValueSchema.nullable();

/** Onboarding risk weights belong to the onboarding API (src/shared/milestones.ts). */
export { type OnboardingRiskWeights, onboardingRiskWeightsSchema };

const SETTINGS = {
  fx_rates: { schema: fxRatesSchema, fallback: DEFAULT_FX_RATES },
  finance: { schema: financeSchema, fallback: {} as Finance },
  event_retention_days: { schema: eventRetentionDaysSchema, fallback: 400 },
  product_modules: { schema: productModulesSchema, fallback: [] as ProductModule[] },
  key_behaviour: { schema: keyBehaviourSchema, fallback: null as KeyBehaviour | null },
  stripe: { schema: stripeSettingsSchema, fallback: { webhookSecret: null } as StripeSettings },
  /** Identity verification of /v1/messages (docs/tracking.md): made on first use, shown to admins. */
  identity_verification: { schema: identityVerificationSchema, fallback: null as IdentityVerification | null },
  /** First-start setup link (modules/setup): the token's digest and when it expires; null once used. */
  setup_token: { schema: setupTokenSchema, fallback: null as SetupToken | null },
  lifecycle: { schema: lifecycleSettingsSchema, fallback: DEFAULT_LIFECYCLE_SETTINGS as LifecycleSettings },
  handoff: { schema: handoffSettingsSchema, fallback: DEFAULT_HANDOFF_SETTINGS as HandoffSettings },
  /** Labels of custom attribute keys and values in both languages (src/shared/attributes.ts). */
  attribute_labels: { schema: attributeLabelsSchema, fallback: {} as AttributeLabels },
  onboarding_risk_weights: {
    schema: onboardingRiskWeightsSchema,
    fallback: { green: 0, yellow: 1, red: 3 } as OnboardingRiskWeights,
  },
  /** Capacity per CSM on the Team page (src/shared/team.ts, docs/team.md). */
  team_capacity: { schema: teamCapacitySchema, fallback: DEFAULT_TEAM_CAPACITY as TeamCapacity },
} as const;
type Key = keyof typeof SETTINGS;
type Value<K extends Key> = z.infer<(typeof SETTINGS)[K]['schema']>;

export function createSettingsService({ db, audit }: { db: Kysely<DB>; audit: Pick<AuditService, 'record'> }) {
  async function get<K extends Key>(key: K): Promise<Value<K>> {
    const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    const parsed = SETTINGS[key].schema.safeParse(row?.value);
    return (parsed.success ? parsed.data : SETTINGS[key].fallback) as Value<K>;
  }

  async function set<K extends Key>(actor: Actor, key: K, value: Value<K>): Promise<Value<K>> {
    return db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('settings')
        .select('value')
        .where('key', '=', key)
        .forUpdate()
        .executeTakeFirst();
      await trx
        .insertInto('settings')
        .values({ key, value: JSON.stringify(value) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: new Date() }))
        .execute();
      await audit.record(trx, actor, {
        action: 'update',
        entity: 'setting',
        entityId: key,
        before: SECRET_SETTINGS.has(key) ? redacted(before?.value) : (before?.value ?? null),
        after: SECRET_SETTINGS.has(key) ? redacted(value) : value,
      });
      return value;
    });
  }

  return { get, set };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
