import { z } from 'zod';

/**
 * The filter language shared by the accounts list and saved segments: conditions over account
 * columns and custom attributes (`attributes.<key>`). Metrics join the field list as they arrive.
 */
export const ACCOUNT_FIELDS = {
  name: 'text',
  external_id: 'text',
  domain: 'text',
  industry: 'text',
  region: 'text',
  tier: 'text',
  lifecycle_stage: 'text',
  owner_id: 'text',
  sales_owner_id: 'text',
  parent_id: 'text',
  employees: 'number',
  first_paid_on: 'date',
  churned_on: 'date',
  created_at: 'date',
  // Hot figures (account_facts, docs/lists.md): money in base-currency minor units, probability 0–1.
  arr: 'decimal',
  mrr: 'decimal',
  plan: 'text',
  health_score: 'decimal',
  health_color: 'text',
  health_trend: 'decimal',
  renewal_on: 'date',
  days_to_renewal: 'number',
  renewal_probability: 'decimal',
  latest_nps: 'number',
  active_users_30d: 'number',
  open_ctas: 'number',
  // ICP fit 0–100 and its grade A–D, customer maturity level (docs/fit-and-maturity.md).
  fit_score: 'number',
  fit_grade: 'text',
  maturity_level: 'text',
} as const;
/** Fields read from account_facts rather than the accounts row; only the accounts list and segment counts join it. */
export const FACT_FIELDS = [
  'arr',
  'mrr',
  'plan',
  'health_score',
  'health_color',
  'health_trend',
  'renewal_on',
  'days_to_renewal',
  'renewal_probability',
  'latest_nps',
  'active_users_30d',
  'open_ctas',
  'fit_score',
  'fit_grade',
  'maturity_level',
] as const satisfies readonly (keyof typeof ACCOUNT_FIELDS)[];
export const isFactField = (field: string) => (FACT_FIELDS as readonly string[]).includes(field);
/** Fields "within N days" applies to: from today up to N days ahead. */
export const WITHIN_FIELDS: readonly string[] = ['renewal_on'];
export type AccountField = keyof typeof ACCOUNT_FIELDS;

/**
 * "Usage of a product module over the last N days": the field `usage.<module key>.<N>` counts the
 * events of that module (the event catalogue maps events to modules) an account sent in the N days up
 * to today in the organisation's time zone, today included (docs/lists.md). Compared as a whole number.
 */
export const USAGE_PREFIX = 'usage.';
export const USAGE_MAX_DAYS = 365;
const USAGE_FIELD = /^usage\.([a-z0-9][a-z0-9_-]{0,39})\.([1-9][0-9]{0,2})$/;
export const usageField = (module: string, days: number) => `${USAGE_PREFIX}${module}.${days}`;
export function parseUsageField(field: string): { module: string; days: number } | undefined {
  const m = USAGE_FIELD.exec(field);
  if (!m || Number(m[2]) > USAGE_MAX_DAYS) return undefined;
  return { module: m[1]!, days: Number(m[2]) };
}
export const isUsageField = (field: string) => parseUsageField(field) !== undefined;

/**
 * Segment membership: `segment` "is in" (`in`) or "is not in" (`not_in`) any of a list of saved segments,
 * counting each segment's rule matches and its manual members (docs/lists.md). The value is segment ids.
 */
export const SEGMENT_FIELD = 'segment';
export const isSegmentField = (field: string) => field === SEGMENT_FIELD;
/** The segment ids the conditions test membership of. */
export const segmentIdsIn = (conditions: readonly { field: string; value?: unknown }[]) => [
  ...new Set(
    conditions.filter((c) => isSegmentField(c.field) && Array.isArray(c.value)).flatMap((c) => c.value as string[]),
  ),
];
/**
 * The participant contact's own fields, `contact.<field>`, which only a contact journey's branches and
 * condition waits test (docs/journeys.md): "has an email / a phone" is `contact.email` / `contact.phone`
 * not empty; `contact.is_primary` compares with true / false; `contact.role` with a decision-chain role.
 */
export const CONTACT_PREFIX = 'contact.';
export const CONTACT_CONDITION_FIELDS = {
  name: 'text',
  title: 'text',
  role: 'text',
  email: 'text',
  phone: 'text',
  is_primary: 'text',
  last_seen_at: 'date',
} as const;
export const contactConditionColumn = (field: string) => {
  const column = field.startsWith(CONTACT_PREFIX) ? field.slice(CONTACT_PREFIX.length) : '';
  return Object.hasOwn(CONTACT_CONDITION_FIELDS, column)
    ? (column as keyof typeof CONTACT_CONDITION_FIELDS)
    : undefined;
};
export const isContactField = (field: string) => contactConditionColumn(field) !== undefined;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const OPERATORS = [
  'eq',
  'neq',
  'in',
  'not_in',
  'contains',
  'starts_with',
  'gt',
  'gte',
  'lt',
  'lte',
  'is_empty',
  'not_empty',
  'within_days',
] as const;
export type Operator = (typeof OPERATORS)[number];
/** What a module-usage field takes: an event count compares as a number, it is never empty. */
export const USAGE_OPERATORS: readonly Operator[] = ['gte', 'gt', 'lte', 'lt', 'eq', 'neq'];

const scalar = z.union([z.string().max(500), z.number(), z.boolean()]);

const ATTRIBUTE_FIELD = /^attributes\.[\p{L}\p{N}_\- .]{1,100}$/u;
/** Own keys only: `'toString' in ACCOUNT_FIELDS` is true through Object.prototype, and SQL has no such column. */
export const isAccountField = (field: string): field is AccountField => Object.hasOwn(ACCOUNT_FIELDS, field);
export const isConditionField = (field: string) =>
  isAccountField(field) || ATTRIBUTE_FIELD.test(field) || isUsageField(field) || isSegmentField(field);

// employees is an integer column: a value outside int4 (or 2.5, or "abc") fails in SQL, not here.
const INT4 = { min: -2_147_483_648, max: 2_147_483_647 };
const isWholeNumber = (v: unknown) => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d{1,10}$/.test(v) ? Number(v) : Number.NaN;
  return Number.isInteger(n) && n >= INT4.min && n <= INT4.max;
};
const isDecimal = (v: unknown) =>
  (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && /^-?\d{1,12}(\.\d{1,6})?$/.test(v));
/** A real calendar day (2024-02-30 is not), optionally with a time of day; years 1–9999. */
const isDateValue = (v: unknown) => {
  if (typeof v !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return (
    y >= 1 &&
    day.getUTCFullYear() === y &&
    day.getUTCMonth() === mo - 1 &&
    day.getUTCDate() === d &&
    (v.length === 10 || !Number.isNaN(Date.parse(v.replace(' ', 'T'))))
  );
};
// contains / starts_with compare the text form of any field; the others compare typed values.
const TEXT_OPERATORS = new Set<string>(['contains', 'starts_with']);
const shown = (v: unknown) => (JSON.stringify(v) ?? String(v)).slice(0, 60);

/** A count (events, days): a whole number from 0, refused on the value otherwise. */
function requireCount(c: { field: string; value?: unknown }, ctx: z.RefinementCtx) {
  if (isWholeNumber(c.value) && Number(c.value) >= 0) return;
  ctx.addIssue({
    code: 'custom',
    path: ['value'],
    message: 'errors.conditionNumber',
    params: { field: c.field, value: shown(c.value) },
    input: c.value,
  });
}

const conditionShape = z.object({
  field: z.string().max(120),
  op: z.enum(OPERATORS),
  value: z.union([scalar, z.array(scalar).max(500)]).optional(),
});

/** The checks of a condition; `contact` admits the participant contact's fields (journeys only). */
const refineCondition = (contact: boolean) => (c: z.infer<typeof conditionShape>, ctx: z.RefinementCtx) => {
  if (contact && isContactField(c.field)) {
    const issue = (path: string, message: string, params: Record<string, unknown> = {}) =>
      ctx.addIssue({ code: 'custom', path: [path], message, params, input: c.value });
    if (c.op === 'within_days') issue('op', 'errors.conditionWithin', { field: c.field });
    else if (c.op === 'is_empty' || c.op === 'not_empty') return;
    else if (c.value === undefined) issue('value', 'errors.conditionValueRequired', { op: c.op });
    else if ((c.op === 'in' || c.op === 'not_in') !== Array.isArray(c.value)) issue('value', 'errors.conditionList');
    else if (contactConditionColumn(c.field) === 'last_seen_at' && !TEXT_OPERATORS.has(c.op)) {
      const wrong = [c.value].flat().find((v) => !isDateValue(v));
      if (wrong !== undefined) issue('value', 'errors.conditionDate', { field: c.field, value: shown(wrong) });
    }
    return;
  }
  if (!isConditionField(c.field)) {
    ctx.addIssue({
      code: 'custom',
      path: ['field'],
      message: c.field.startsWith(USAGE_PREFIX) ? 'errors.conditionUsageField' : 'errors.unknownField',
      params: { field: c.field, max: USAGE_MAX_DAYS },
      input: c.field,
    });
    return;
  }
  if (isSegmentField(c.field)) {
    if (c.op !== 'in' && c.op !== 'not_in')
      ctx.addIssue({ code: 'custom', path: ['op'], message: 'errors.conditionSegmentOp', params: { op: c.op } });
    else if (!Array.isArray(c.value) || !c.value.length || c.value.some((v) => typeof v !== 'string' || !UUID.test(v)))
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'errors.conditionSegmentValue', input: c.value });
    return;
  }
  if (isUsageField(c.field)) {
    if (!USAGE_OPERATORS.includes(c.op))
      ctx.addIssue({ code: 'custom', path: ['op'], message: 'errors.conditionUsageOp', params: { op: c.op } });
    else requireCount(c, ctx);
    return;
  }
  if (c.op === 'is_empty' || c.op === 'not_empty') return;
  if (c.value === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['value'],
      message: 'errors.conditionValueRequired',
      params: { op: c.op },
      input: c.value,
    });
    return;
  }
  if ((c.op === 'in' || c.op === 'not_in') !== Array.isArray(c.value)) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'errors.conditionList', input: c.value });
    return;
  }
  if (c.op === 'within_days') {
    if (!WITHIN_FIELDS.includes(c.field))
      ctx.addIssue({ code: 'custom', path: ['op'], message: 'errors.conditionWithin', params: { field: c.field } });
    else requireCount(c, ctx);
    return;
  }
  if (!isAccountField(c.field) || TEXT_OPERATORS.has(c.op)) return;
  const kind = ACCOUNT_FIELDS[c.field];
  if (kind === 'text') return;
  const ok = kind === 'number' ? isWholeNumber : kind === 'decimal' ? isDecimal : isDateValue;
  const wrong = [c.value].flat().find((v) => !ok(v));
  if (wrong !== undefined) {
    const message =
      kind === 'date'
        ? 'errors.conditionDate'
        : kind === 'decimal'
          ? 'errors.conditionDecimal'
          : 'errors.conditionNumber';
    ctx.addIssue({
      code: 'custom',
      path: ['value'],
      message,
      params: { field: c.field, value: shown(wrong) },
      input: c.value,
    });
  }
};

export const conditionSchema = conditionShape.superRefine(refineCondition(false));
export type Condition = z.infer<typeof conditionSchema>;

export const ruleSetSchema = z.object({
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(conditionSchema).min(1, { message: 'errors.segmentRequired' }).max(50),
});
export type RuleSet = z.infer<typeof ruleSetSchema>;

/** Conditions of a journey's branch or condition wait: the account's fields and, in a contact journey, the contact's. */
export const participantConditionSchema = conditionShape.superRefine(refineCondition(true));
export const participantRuleSetSchema = z.object({
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(participantConditionSchema).min(1, { message: 'errors.segmentRequired' }).max(50),
});
