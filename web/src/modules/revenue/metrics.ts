import type { MonthKpis } from '@shared/metrics';
import { formatDecimal, formatMoney, formatNumber, formatPercent } from '../../lib/format';

/**
 * How each KPI reads: its value in a month, how it is written, which way is better, and the
 * healthy threshold where docs/metrics.md gives one. Names and definitions are in the catalogs
 * under revenue.metrics.<key> and revenue.definitions.<key>.
 */
export type MetricKind = 'money' | 'count' | 'rate' | 'ratio' | 'months';

export interface MetricSpec {
  key: string;
  kind: MetricKind;
  value: (k: MonthKpis) => number | null;
  /** Which way is good news; undefined = neither (spend, margin as entered). */
  better?: 'up' | 'down';
  /** The doc's threshold: healthy at or above `min`, or at or below `max`. */
  healthy?: { min?: number; max?: number };
  /**
   * Divides the company's sales & marketing spend (entered for everyone) by new customers: under a
   * segment, plan or CSM filter that is all the spend over a subset's new customers.
   */
  usesSpend?: boolean;
}

export const KPI_CARDS: MetricSpec[] = [
  { key: 'mrr', kind: 'money', value: (k) => k.mrr, better: 'up' },
  { key: 'arr', kind: 'money', value: (k) => k.arr, better: 'up' },
  { key: 'nrr', kind: 'rate', value: (k) => k.nrr, better: 'up' },
  { key: 'grr', kind: 'rate', value: (k) => k.grr, better: 'up' },
  { key: 'logoChurn', kind: 'rate', value: (k) => k.logoChurnRate, better: 'down' },
  { key: 'ltvToCac', kind: 'ratio', value: (k) => k.ltvToCac, better: 'up', healthy: { min: 3 }, usesSpend: true },
  {
    key: 'cacPayback',
    kind: 'months',
    value: (k) => k.cacPaybackMonths,
    better: 'down',
    healthy: { max: 12 },
    usesSpend: true,
  },
  { key: 'quickRatio', kind: 'ratio', value: (k) => k.quickRatio, better: 'up' },
];

export const MORE_METRICS: MetricSpec[] = [
  { key: 'trailingNrr', kind: 'rate', value: (k) => k.trailing12.nrr, better: 'up' },
  { key: 'trailingGrr', kind: 'rate', value: (k) => k.trailing12.grr, better: 'up' },
  { key: 'customers', kind: 'count', value: (k) => k.customers, better: 'up' },
  { key: 'arpa', kind: 'money', value: (k) => k.arpa, better: 'up' },
  { key: 'newCustomerArpa', kind: 'money', value: (k) => k.newCustomerArpa, better: 'up' },
  { key: 'newCustomerArpa6m', kind: 'money', value: (k) => k.newCustomerArpa6m, better: 'up' },
  { key: 'grossMrrChurn', kind: 'rate', value: (k) => k.grossMrrChurnRate, better: 'down' },
  { key: 'expansionRate', kind: 'rate', value: (k) => k.expansionRate, better: 'up' },
  { key: 'netMrrChurn', kind: 'rate', value: (k) => k.netMrrChurnRate, better: 'down' },
  { key: 'mrrChurnRate6m', kind: 'rate', value: (k) => k.mrrChurnRate6m, better: 'down' },
  { key: 'ltv', kind: 'money', value: (k) => k.ltv, better: 'up' },
  { key: 'cac', kind: 'money', value: (k) => k.cac, better: 'down', usesSpend: true },
  { key: 'grossMargin', kind: 'rate', value: (k) => k.grossMargin },
  { key: 'salesMarketingSpend', kind: 'money', value: (k) => k.salesMarketingSpend },
  { key: 'averageContractValue', kind: 'money', value: (k) => k.averageContractValue, better: 'up' },
  { key: 'averageContractTerm', kind: 'months', value: (k) => k.averageContractTermMonths },
];

export const NO_VALUE = '—';

/** A value as the reader sees it; null (nothing to divide by, nothing entered) is "—". */
export function formatValue(
  kind: MetricKind,
  value: number | null | undefined,
  currency: string,
  t: (key: string, options?: Record<string, unknown>) => string,
) {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  switch (kind) {
    case 'money':
      return formatMoney(Math.round(value), currency, { narrow: true });
    case 'count':
      return formatNumber(value);
    case 'rate':
      return formatPercent(value);
    case 'ratio':
      return formatDecimal(value, 1);
    case 'months':
      return t('revenue.monthsValue', { value: formatDecimal(value, 1) });
  }
}

export interface Change {
  text: string;
  /** good / bad news by the metric's direction; neutral when it has none or nothing moved. */
  tone: 'good' | 'bad' | 'neutral';
  direction: 'up' | 'down' | 'flat';
}

const signed = (text: string, n: number) => (n > 0 ? `+${text}` : n < 0 ? `−${text}` : text);

/**
 * The change from an earlier value: money and counts as a relative change (+4.2%), rates in
 * percentage points (+1.3 pp), ratios and months as a difference (+0.4). Null when either side is missing.
 */
export function change(
  spec: MetricSpec,
  current: number | null,
  earlier: number | null,
  t: (key: string, options?: Record<string, unknown>) => string,
): Change | null {
  if (current === null || earlier === null || !Number.isFinite(current) || !Number.isFinite(earlier)) return null;
  let delta: number;
  let text: string;
  if (spec.kind === 'money' || spec.kind === 'count') {
    if (earlier === 0) return null;
    delta = (current - earlier) / Math.abs(earlier);
    text = formatPercent(Math.abs(delta));
  } else if (spec.kind === 'rate') {
    delta = (current - earlier) * 100;
    text = t('revenue.pp', { value: formatDecimal(Math.abs(delta), 1) });
  } else {
    delta = current - earlier;
    text = formatDecimal(Math.abs(delta), 1);
  }
  // Below the shown precision is no change.
  const shown = spec.kind === 'money' || spec.kind === 'count' ? Math.round(delta * 1000) : Math.round(delta * 10);
  const direction = shown > 0 ? 'up' : shown < 0 ? 'down' : 'flat';
  const tone = !spec.better || direction === 'flat' ? 'neutral' : direction === spec.better ? 'good' : 'bad';
  return { text: signed(text, shown), tone, direction };
}

/** Healthy / unhealthy by the doc's threshold; undefined where the doc gives none. */
export function health(spec: MetricSpec, value: number | null): 'healthy' | 'unhealthy' | undefined {
  if (!spec.healthy || value === null || !Number.isFinite(value)) return undefined;
  const { min, max } = spec.healthy;
  if (min !== undefined) return value >= min ? 'healthy' : 'unhealthy';
  if (max !== undefined) return value <= max ? 'healthy' : 'unhealthy';
  return undefined;
}
