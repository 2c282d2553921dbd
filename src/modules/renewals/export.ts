import Papa from 'papaparse';
import { translator, type Locale } from '../../i18n/index.js';
import { safeRow } from '../../shared/cells.js';
import { currencyExponent } from '../../shared/money.js';
import type { RenewalService } from './renewals.service.js';

type Renewal = Awaited<ReturnType<RenewalService['upcoming']>>['items'][number];

/** The renewal centre's rows as a CSV in the reader's language; ARR in major units of the base currency. */
export function renewalsCsv(items: Renewal[], currency: string, locale: Locale) {
  const t = translator(locale);
  const divisor = 10 ** currencyExponent(currency);
  const columns: [string, (r: Renewal) => unknown][] = [
    ['account', (r) => r.accountName],
    ['externalId', (r) => r.externalId ?? ''],
    ['renewsOn', (r) => r.renewsOn],
    ['daysLeft', (r) => r.daysLeft],
    ['arr', (r) => r.arrMinor / divisor],
    ['health', (r) => r.health?.score ?? ''],
    ['predicted', (r) => r.modelProbability ?? ''],
    ['probability', (r) => r.probability],
    ['source', (r) => t(`renewals.sources.${r.probabilitySource}`)],
    ['category', (r) => t(`renewals.categories.${r.category}`)],
    ['byHand', (r) => (r.categorySetByHand ? t('renewals.yes') : '')],
    ['owner', (r) => r.ownerName ?? ''],
    ['renewalManager', (r) => r.renewalManagerName ?? ''],
    ['segment', (r) => r.segmentName ?? ''],
    ['lastTouch', (r) => r.lastTouchAt?.toISOString() ?? ''],
    ['outcome', (r) => (r.outcome ? t(`renewals.outcomes.${r.outcome}`) : '')],
  ];
  const header = columns.map(([key]) =>
    key === 'arr' ? `${t('renewals.columns.arr')} (${currency})` : t(`renewals.columns.${key}`),
  );
  // A BOM so Excel opens the UTF-8 (Chinese) headers correctly.
  return `\uFEFF${Papa.unparse([header, ...items.map((r) => safeRow(columns.map(([, value]) => value(r))))])}`;
}
