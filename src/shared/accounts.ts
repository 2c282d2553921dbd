import { z } from 'zod';
import { conditionSchema } from './conditions.js';
import { endpoint, idParams, okResponse, paged, type ResponseOf } from './endpoint.js';

export const TIERS = ['high_touch', 'low_touch', 'tech_touch'] as const;
export const LIFECYCLE_STAGES = [
  'prospect',
  'handoff',
  'onboarding',
  'adoption',
  'renewal',
  'renewed',
  'churned',
] as const;
/** Where the known churn outcome of an account lives (`import accounts … --outcome COL`; the prediction label). */
export const CHURN_OUTCOME = 'churn_outcome';

/**
 * Built-in account columns a model may use as features, by their column name (docs/prediction.md).
 * Filled by a CSV import like custom attributes are; lifecycle stage, dates, owner and ids are left
 * out on purpose: they record the outcome (churned_on, stage "churned") or identify the account.
 */
export const ACCOUNT_FEATURE_COLUMNS = [
  { key: 'industry', kind: 'categorical' },
  { key: 'employees', kind: 'numeric' },
  { key: 'region', kind: 'categorical' },
  { key: 'tier', kind: 'categorical' },
] as const;
export const CONTACT_ROLES = ['decision_maker', 'economic_buyer', 'champion', 'end_user', 'blocker'] as const;

const isoDate = z.iso.date();
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const accountInputSchema = z.object({
  externalId: optionalText(200),
  name: z.string().trim().min(1).max(200),
  domain: optionalText(200),
  industry: optionalText(100),
  employees: z.number().int().min(0).max(10_000_000).nullable().optional(),
  region: optionalText(100),
  parentId: z.uuid().nullable().optional(),
  ownerId: z.uuid().nullable().optional(),
  salesOwnerId: z.uuid().nullable().optional(),
  /** A user with the onboarding role who runs the account's onboarding (seed 004). */
  onboardingManagerId: z.uuid().nullable().optional(),
  tier: z.enum(TIERS).nullable().optional(),
  lifecycleStage: z.enum(LIFECYCLE_STAGES).nullable().optional(),
  /** Merged into the stored attributes; a null value removes that attribute. */
  attributes: z.record(z.string().min(1).max(100), z.unknown()).optional(),
  firstPaidOn: isoDate.nullable().optional(),
  churnedOn: isoDate.nullable().optional(),
});
export type AccountInput = z.infer<typeof accountInputSchema>;
export const accountPatchSchema = accountInputSchema.partial();
export type AccountPatch = z.infer<typeof accountPatchSchema>;

export const ACCOUNT_SORTS = [
  'name',
  'external_id',
  'industry',
  'employees',
  'region',
  'tier',
  'lifecycle_stage',
  'owner_name',
  'first_paid_on',
  'created_at',
  'updated_at',
  'health',
  'renewal_probability',
  // Hot figures (account_facts, docs/lists.md).
  'arr',
  'mrr',
  'plan',
  'health_trend',
  'renewal_on',
  'latest_nps',
  'active_users_30d',
  'open_ctas',
] as const;

export const accountListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
  sort: z
    .string()
    .refine(
      (v) => (ACCOUNT_SORTS as readonly string[]).includes(v) || /^attributes\.[\p{L}\p{N}_\- .]{1,100}$/u.test(v),
      {
        message: 'errors.sortField',
      },
    )
    .default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  q: z.string().trim().max(200).optional(),
  externalId: z.string().max(200).optional(),
  segmentId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  /** JSON array of conditions, e.g. [{"field":"industry","op":"eq","value":"Retail"}]. */
  filters: z
    .string()
    .max(20_000)
    .optional()
    .transform((raw, ctx) => {
      if (!raw) return [];
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'errors.invalidFilters' });
        return z.NEVER;
      }
      const parsed = z.array(conditionSchema).max(50).safeParse(json, { reportInput: true });
      if (parsed.success) return parsed.data;
      // Each refusal keeps its place (filters.1.field) and its message, so the caller sees which condition is wrong.
      for (const issue of parsed.error.issues) ctx.addIssue({ ...issue } as never);
      return z.NEVER;
    }),
  match: z.enum(['all', 'any']).default('all'),
});
export type AccountListQuery = z.infer<typeof accountListQuerySchema>;

export const accountSchema = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  name: z.string(),
  domain: z.string().nullable(),
  industry: z.string().nullable(),
  employees: z.number().nullable(),
  region: z.string().nullable(),
  parentId: z.string().nullable(),
  parentName: z.string().nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  salesOwnerId: z.string().nullable(),
  salesOwnerName: z.string().nullable(),
  onboardingManagerId: z.string().nullable(),
  onboardingManagerName: z.string().nullable(),
  tier: z.enum(TIERS).nullable(),
  lifecycleStage: z.enum(LIFECYCLE_STAGES).nullable(),
  attributes: z.record(z.string(), z.unknown()),
  firstPaidOn: z.string().nullable(),
  churnedOn: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type AccountView = z.infer<typeof accountSchema>;

/** The accounts API (src/shared/endpoint.ts). */
export const accountsApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/accounts',
    query: accountListQuerySchema,
    response: paged(accountSchema),
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/accounts',
    body: accountInputSchema,
    response: accountSchema,
    status: 201,
  }),
  get: endpoint({ method: 'GET', path: '/api/accounts/:id', params: idParams, response: accountSchema }),
  update: endpoint({
    method: 'PATCH',
    path: '/api/accounts/:id',
    params: idParams,
    body: accountPatchSchema,
    response: accountSchema,
  }),
  remove: endpoint({ method: 'DELETE', path: '/api/accounts/:id', params: idParams, response: okResponse }),
};

/** An account as the client receives it. */
export type Account = ResponseOf<typeof accountsApi.get>;
