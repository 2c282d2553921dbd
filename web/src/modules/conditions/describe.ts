import { type Condition, CONTACT_PREFIX, parseUsageField, SEGMENT_FIELD } from '@shared/conditions';
import type { TFunction } from 'i18next';
import { attributeText, formatDate } from '../../lib/format';
import { ATTRIBUTE_PREFIX, ENUM_FIELDS, fieldKind, takesNoValue, toMajor } from './fields';

export interface Lookups {
  users?: Map<string, string>;
  /** Product module names by key (module-usage conditions). */
  modules?: Map<string, string>;
  /** Segment names by id (segment-membership conditions). */
  segments?: Map<string, string>;
}

export function fieldLabel(t: TFunction, field: string, lookups: Lookups = {}) {
  if (field.startsWith(ATTRIBUTE_PREFIX)) return field.slice(ATTRIBUTE_PREFIX.length);
  if (field === SEGMENT_FIELD) return t('conditions.segmentMembership');
  if (field.startsWith(CONTACT_PREFIX)) return t(`conditions.contactField.${field.slice(CONTACT_PREFIX.length)}`);
  const usage = parseUsageField(field);
  if (usage)
    return t('conditions.usageLabel', { module: lookups.modules?.get(usage.module) ?? usage.module, days: usage.days });
  return t(`fields.${field}`);
}

function valueLabel(t: TFunction, field: string, value: unknown, lookups: Lookups): string {
  const kind = fieldKind(field);
  if (kind === 'enum') return t(`${ENUM_FIELDS[field]!.prefix}.${String(value)}`);
  if (kind === 'user') return lookups.users?.get(String(value)) ?? String(value).slice(0, 8);
  if (kind === 'account') return String(value).slice(0, 8);
  if (kind === 'segment') return lookups.segments?.get(String(value)) ?? String(value).slice(0, 8);
  if (kind === 'date') return formatDate(String(value));
  if (kind === 'money') return attributeText(toMajor(value));
  return attributeText(value);
}

/** "Tier is one of High touch, Low touch" — one condition in words, in the UI language. */
export function describeCondition(t: TFunction, c: Condition, lookups: Lookups = {}): string {
  const field = fieldLabel(t, c.field, lookups);
  const op = t(`operators.${c.op}`);
  if (takesNoValue(c.op)) return `${field} ${op}`;
  if (c.op === 'within_days') return `${field} ${t('conditions.withinDays', { days: c.value })}`;
  const values = Array.isArray(c.value) ? c.value : [c.value];
  return `${field} ${op} ${values.map((v) => valueLabel(t, c.field, v, lookups)).join(t('common.listSeparator'))}`;
}
