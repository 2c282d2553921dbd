import { CONTACT_ROLES, LIFECYCLE_STAGES, TIERS } from '@shared/accounts';
import {
  ACCOUNT_FIELDS,
  type Condition,
  type Operator,
  CONTACT_PREFIX,
  parseUsageField,
  SEGMENT_FIELD,
  USAGE_OPERATORS,
  USAGE_PREFIX,
  WITHIN_FIELDS,
} from '@shared/conditions';
import { CUSTOMER_MATURITY_LEVELS, FIT_GRADES } from '@shared/fit';

/** How a field is edited in the builder; decides the operators and the value input offered. */
export type FieldKind =
  | 'text'
  | 'enum'
  | 'user'
  | 'account'
  | 'number'
  | 'money'
  | 'date'
  | 'attribute'
  | 'usage'
  | 'segment';

/** The participant contact's fields a contact journey's conditions offer (src/shared/conditions.ts). */
export const CONTACT_FIELD_NAMES = ['role', 'title', 'name', 'email', 'phone', 'last_seen_at'] as const;

export const ATTRIBUTE_PREFIX = 'attributes.';
export const FIELD_NAMES = Object.keys(ACCOUNT_FIELDS) as (keyof typeof ACCOUNT_FIELDS)[];

export const ENUM_FIELDS: Record<string, { prefix: string; values: readonly string[] }> = {
  tier: { prefix: 'tiers', values: TIERS },
  lifecycle_stage: { prefix: 'stages', values: LIFECYCLE_STAGES },
  health_color: { prefix: 'health.color', values: ['red', 'yellow', 'green'] },
  fit_grade: { prefix: 'fit.grades', values: FIT_GRADES },
  maturity_level: { prefix: 'fit.maturityLevels', values: CUSTOMER_MATURITY_LEVELS },
  [`${CONTACT_PREFIX}role`]: { prefix: 'contactRoles', values: CONTACT_ROLES },
};

/** Money fields are typed in major units (¥100,000) and sent in minor units, as the API takes money. */
export const MONEY_FIELDS = new Set(['arr', 'mrr']);
const MINOR_PER_MAJOR = 100;

/** The default window of a new module-usage condition. */
export const USAGE_DEFAULT_DAYS = 30;

/**
 * A module-usage field while it is being edited (`usage.<module>.<days>`, either part possibly missing);
 * toConditions sends it only once parseUsageField accepts it.
 */
export function usageDraft(field: string): { module?: string; days?: number } {
  const [module, days] = field.slice(USAGE_PREFIX.length).split('.');
  return { module: module || undefined, days: days && /^\d+$/.test(days) ? Number(days) : undefined };
}
export const usageDraftField = (module: string | undefined, days: number | undefined) =>
  `${USAGE_PREFIX}${module ?? ''}.${days ?? ''}`;

export function fieldKind(field: string): FieldKind {
  if (field === SEGMENT_FIELD) return 'segment';
  if (field === `${CONTACT_PREFIX}last_seen_at`) return 'date';
  if (field.startsWith(ATTRIBUTE_PREFIX)) return 'attribute';
  if (field.startsWith(USAGE_PREFIX)) return 'usage';
  // Own keys only: a stored field such as __proto__ or toString must not look like a known one.
  if (Object.hasOwn(ENUM_FIELDS, field)) return 'enum';
  if (field === 'owner_id' || field === 'sales_owner_id') return 'user';
  if (field === 'parent_id') return 'account';
  if (MONEY_FIELDS.has(field)) return 'money';
  const type = Object.hasOwn(ACCOUNT_FIELDS, field) ? ACCOUNT_FIELDS[field as keyof typeof ACCOUNT_FIELDS] : 'text';
  return type === 'number' || type === 'decimal' ? 'number' : type === 'date' ? 'date' : 'text';
}

// Reference fields (uuid columns) only get the operators the server can compare a uuid with.
const OPS: Record<FieldKind, Operator[]> = {
  text: ['eq', 'neq', 'contains', 'starts_with', 'in', 'not_in', 'is_empty', 'not_empty'],
  enum: ['eq', 'neq', 'in', 'not_in', 'is_empty', 'not_empty'],
  user: ['eq', 'neq', 'in', 'not_in'],
  account: ['eq', 'neq', 'in', 'not_in'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'is_empty', 'not_empty'],
  money: ['gt', 'gte', 'lt', 'lte', 'eq', 'is_empty', 'not_empty'],
  date: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'is_empty', 'not_empty'],
  usage: [...USAGE_OPERATORS],
  segment: ['in', 'not_in'],
  attribute: [
    'eq',
    'neq',
    'contains',
    'starts_with',
    'gt',
    'gte',
    'lt',
    'lte',
    'in',
    'not_in',
    'is_empty',
    'not_empty',
  ],
};
export const operatorsFor = (field: string): Operator[] =>
  WITHIN_FIELDS.includes(field) ? ['within_days', ...OPS.date] : OPS[fieldKind(field)];

export const takesList = (op: Operator | undefined) => op === 'in' || op === 'not_in';
export const takesNoValue = (op: Operator | undefined) => op === 'is_empty' || op === 'not_empty';
const NUMERIC = /^-?\d+(\.\d+)?$/;
const COMPARISONS = new Set<Operator>(['gt', 'gte', 'lt', 'lte']);

/** A condition while it is being edited: any part may still be missing. */
export interface DraftCondition {
  id: string;
  field?: string;
  op?: Operator;
  value?: unknown;
}

let seq = 0;
export const newDraft = (partial: Omit<DraftCondition, 'id'> = {}): DraftCondition => ({ id: `c${++seq}`, ...partial });

const isBlank = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** The complete drafts as API conditions; attribute comparisons send numbers so they compare numerically. */
export function toConditions(drafts: DraftCondition[]): Condition[] {
  const out: Condition[] = [];
  for (const d of drafts) {
    if (!d.field || d.field === ATTRIBUTE_PREFIX || !d.op) continue;
    if (d.field.startsWith(USAGE_PREFIX) && !parseUsageField(d.field)) continue;
    if (takesNoValue(d.op)) {
      out.push({ field: d.field, op: d.op });
      continue;
    }
    if (isBlank(d.value)) continue;
    const kind = fieldKind(d.field);
    let value = d.value as Condition['value'];
    if (takesList(d.op) && !Array.isArray(value)) value = [value as string];
    if (!takesList(d.op) && Array.isArray(value)) value = value[0];
    if (kind === 'number' || kind === 'usage' || d.op === 'within_days')
      value = Array.isArray(value) ? value.map(Number) : Number(value);
    else if (kind === 'money')
      value = Array.isArray(value)
        ? value.map((v) => Math.round(Number(v) * MINOR_PER_MAJOR))
        : Math.round(Number(value) * MINOR_PER_MAJOR);
    if (kind === 'attribute' && COMPARISONS.has(d.op) && typeof value === 'string' && NUMERIC.test(value))
      value = Number(value);
    out.push({ field: d.field, op: d.op, value });
  }
  return out;
}

/** Money in minor units (what the API stores) as the major units the builder shows. */
export const toMajor = (value: unknown) => (typeof value === 'number' ? value / MINOR_PER_MAJOR : value);

export const fromConditions = (conditions: Condition[]): DraftCondition[] =>
  conditions.map((c) =>
    newDraft({
      field: c.field,
      op: c.op,
      value:
        fieldKind(c.field) === 'money' ? (Array.isArray(c.value) ? c.value.map(toMajor) : toMajor(c.value)) : c.value,
    }),
  );

export function parseConditions(raw: string | null | undefined): Condition[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed)
      ? (parsed as Condition[]).filter((c) => c && typeof c.field === 'string' && typeof c.op === 'string')
      : [];
  } catch {
    return [];
  }
}
