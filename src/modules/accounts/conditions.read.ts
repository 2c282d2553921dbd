import { type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import {
  ACCOUNT_FIELDS,
  type Condition,
  isAccountField,
  isFactField,
  isSegmentField,
  isUsageField,
} from '../../shared/conditions.js';

/*
 * The account filter language (src/shared/conditions.ts) as a Kysely expression over `accounts`: a read
 * model the accounts module publishes, since it names that table's columns. Segments, the accounts list,
 * health, MRR movements and prediction compose it into their one statement over the table.
 */
type AccountsEb = ExpressionBuilder<DB, 'accounts'>;

const NUMERIC_TEXT = '^-?[0-9]+(\\.[0-9]+)?$';

/** Escapes LIKE wildcards so a user's text matches literally. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * How a query that joins more than `accounts` reads the fields that are not its columns — the hot
 * figures of account_facts (docs/lists.md), which only the accounts module names: `expr` is the
 * field's SQL value, `withinDays(n)` the "within n days from today" test of a date field.
 */
export type FieldResolver = (field: string) =>
  | {
      expr: RawBuilder<unknown>;
      withinDays?: (days: number) => Expression<SqlBool>;
      /** How values compare when the field is not an account field (the participant contact's). */
      kind?: 'text' | 'date';
    }
  /** A field only compared as a whole (module usage, docs/lists.md): the resolver builds the predicate. */
  | { compare: (operator: Comparison, value: number) => Expression<SqlBool> }
  /** Segment membership: "the account is in any of these segments" (its rules or its manual members). */
  | { membership: (eb: AccountsEb, segmentIds: string[]) => Expression<SqlBool> }
  | undefined;
export type Comparison = '=' | '<>' | '>' | '>=' | '<' | '<=';
const COMPARISONS: Partial<Record<Condition['op'], Comparison>> = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
};

function fieldRef(field: string, resolve?: FieldResolver) {
  const extra = resolve?.(field);
  if (extra && ('compare' in extra || 'membership' in extra)) throw new Error(`${field} is compared as a whole`);
  if (extra) {
    const kind = extra.kind ?? ACCOUNT_FIELDS[field as keyof typeof ACCOUNT_FIELDS];
    const text = sql<string>`${extra.expr}::text`;
    const typed = (value: unknown) =>
      kind === 'text'
        ? { expr: text, value: String(value) }
        : kind === 'date'
          ? { expr: extra.expr, value: String(value) }
          : { expr: extra.expr, value: Number(value) };
    return { text, typed, withinDays: extra.withinDays };
  }
  // Account facts exist only where a query joins them (the accounts list, segment counts and members).
  if (isFactField(field)) throw new Error(`${field} is read from account facts, which this query does not join`);
  // Module usage likewise: only the accounts list and segment counts are handed usage's read model.
  if (isUsageField(field)) throw new Error(`${field} is module usage, which this query cannot evaluate`);
  if (isSegmentField(field)) throw new Error('segment membership needs the segments, which this query was not given');
  if (field.startsWith('attributes.')) {
    const key = field.slice('attributes.'.length);
    const text = sql<string>`accounts.attributes->>${key}`;
    // Only numeric-looking values take part in numeric comparisons; the CASE keeps casts safe.
    const number = sql<number>`case when accounts.attributes->>${key} ~ ${NUMERIC_TEXT} then (accounts.attributes->>${key})::numeric end`;
    return {
      text,
      typed: (value: unknown) =>
        typeof value === 'number' ? { expr: number, value } : { expr: text, value: String(value) },
      withinDays: undefined,
    };
  }
  // conditionSchema refuses other fields; this guard keeps a caller that skipped it from naming any column.
  if (!isAccountField(field)) throw new Error(`not an account field: ${field}`);
  const kind = ACCOUNT_FIELDS[field];
  const column = sql.ref(`accounts.${field}`);
  // Ids (uuid) compare as text, so any value — or "is empty" for "no owner" — is a valid question.
  const text = sql<string>`${column}::text`;
  const typed = (value: unknown) =>
    kind === 'number'
      ? { expr: sql`${column}`, value: Number(value) }
      : kind === 'date'
        ? { expr: sql`${column}`, value: String(value) }
        : { expr: text, value: String(value) };
  return { text, typed, withinDays: undefined };
}

/** Compiles one condition to a SQL predicate over `accounts`. */
export function conditionExpression(
  eb: AccountsEb,
  condition: Condition,
  resolve?: FieldResolver,
): Expression<SqlBool> {
  const { op, value } = condition;
  const whole = resolve?.(condition.field);
  if (whole && 'membership' in whole) {
    const inAny = whole.membership(eb, (value as unknown[]).map(String));
    return op === 'not_in' ? eb.not(inAny) : inAny;
  }
  if (whole && 'compare' in whole) {
    const operator = COMPARISONS[op];
    // conditionSchema admits only comparisons on such fields.
    if (!operator) throw new Error(`${op} does not apply to ${condition.field}`);
    return whole.compare(operator, Number(value));
  }
  const ref = fieldRef(condition.field, resolve);
  const compare = (operator: '=' | '<>' | '>' | '>=' | '<' | '<=') => {
    const { expr, value: v } = ref.typed(value);
    return sql<SqlBool>`${expr} ${sql.raw(operator)} ${v}`;
  };
  switch (op) {
    case 'eq':
      return compare('=');
    case 'neq':
      return sql<SqlBool>`(${ref.text} is distinct from ${String(value)})`;
    case 'gt':
      return compare('>');
    case 'gte':
      return compare('>=');
    case 'lt':
      return compare('<');
    case 'lte':
      return compare('<=');
    case 'contains':
      return sql<SqlBool>`${ref.text} ilike ${likePattern(String(value))}`;
    case 'starts_with':
      return sql<SqlBool>`${ref.text} ilike ${`${String(value).replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`;
    case 'in':
    case 'not_in': {
      const list = (value as unknown[]).map(String);
      if (list.length === 0) return sql<SqlBool>`${sql.lit(op === 'not_in')}`;
      const inList = sql<SqlBool>`${ref.text} in (${sql.join(list)})`;
      return op === 'in' ? inList : sql<SqlBool>`(${ref.text} is null or not ${inList})`;
    }
    case 'is_empty':
      return sql<SqlBool>`coalesce(${ref.text}, '') = ''`;
    case 'not_empty':
      return sql<SqlBool>`coalesce(${ref.text}, '') <> ''`;
    case 'within_days':
      // conditionSchema admits it only on fields whose resolver answers it.
      if (!ref.withinDays) throw new Error(`within_days does not apply to ${condition.field}`);
      return ref.withinDays(Number(value));
  }
  return eb.lit(true) as never;
}

export function conditionsExpression(
  eb: AccountsEb,
  conditions: Condition[],
  match: 'all' | 'any',
  resolve?: FieldResolver,
): Expression<SqlBool> {
  const parts = conditions.map((c) => conditionExpression(eb, c, resolve));
  return match === 'any' ? eb.or(parts) : eb.and(parts);
}
