import type { TFunction } from 'i18next';
import type { FitCriterion } from '../hooks/useFit';

/** ARR criteria are kept in minor units and shown in major units, like every amount. */
const MINOR_PER_MAJOR = 100;
export const shownBound = (field: string, v: number) => (field === 'arr' ? v / MINOR_PER_MAJOR : v);
export const storedBound = (field: string, v: number) => (field === 'arr' ? Math.round(v * MINOR_PER_MAJOR) : v);

export function fitFieldLabel(t: TFunction, field: string) {
  if (field.startsWith('bant.')) return t(`fit.bant.${field.slice(5)}`);
  if (field.startsWith('attributes.')) return field.slice('attributes.'.length);
  return t(`fields.${field}`);
}

/** "Budget: answered", "Industry: one of SaaS, Retail", "Employees: 50–500". */
export function criterionText(t: TFunction, c: Pick<FitCriterion, 'field' | 'rule' | 'values' | 'min' | 'max'>) {
  const field = fitFieldLabel(t, c.field);
  const bound = (v: number | null) => (v === null ? '' : String(shownBound(c.field, v)));
  const rule =
    c.rule === 'answered'
      ? t('fit.rules.answeredText')
      : c.rule === 'range'
        ? t('fit.rules.rangeText', { min: bound(c.min) || '…', max: bound(c.max) || '…' })
        : t(`fit.rules.${c.rule}Text`, { values: c.values.join(', ') });
  return `${field}: ${rule}`;
}
