import dayjs from 'dayjs';
import localeData from 'dayjs/plugin/localeData';
import { currentLanguage } from '../i18n';

dayjs.extend(localeData);

export const formatDate = (value: string | null | undefined) => (value ? dayjs(value).format('L') : '');
export const formatDateTime = (value: string | null | undefined) => (value ? dayjs(value).format('L LT') : '');
/** A day without its year (a chart's daily axis) in the order of the language's date format: 06/08 in both. */
export const formatDayMonth = (value: string) =>
  dayjs(value).format(
    dayjs()
      .localeData()
      .longDateFormat('L')
      .replace(/[/.-]?Y+[/.-]?/, ''),
  );
export const fromNow = (value: string) => dayjs(value).fromNow();

export const formatNumber = (value: number | null | undefined) =>
  value === null || value === undefined ? '' : new Intl.NumberFormat(currentLanguage()).format(value);

/**
 * Minor units → a currency amount, using the currency's own number of decimals (2 for CNY/USD, 0 for JPY).
 * `narrow` writes ¥ rather than CN¥ (for pages in one base currency); `compact` writes ¥1.2M / ¥120万 (chart axes).
 */
export function formatMoney(
  amountMinor: number,
  currency: string,
  options: { narrow?: boolean; compact?: boolean } = {},
) {
  try {
    const digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    const format = new Intl.NumberFormat(currentLanguage(), {
      style: 'currency',
      currency,
      ...(options.narrow || options.compact ? { currencyDisplay: 'narrowSymbol' } : {}),
      ...(options.compact ? { notation: 'compact', maximumFractionDigits: 1, minimumFractionDigits: 0 } : {}),
    });
    return format.format(amountMinor / 10 ** digits);
  } catch {
    return `${(amountMinor / 100).toFixed(2)} ${currency}`;
  }
}

/** A ratio (0.953) as a percentage in the reader's language: 95.3%. */
export const formatPercent = (value: number | null | undefined, fractionDigits = 1) =>
  value === null || value === undefined
    ? ''
    : new Intl.NumberFormat(currentLanguage(), {
        style: 'percent',
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
      }).format(value);

/** A plain decimal with a fixed number of decimals: 3.2. */
export const formatDecimal = (value: number | null | undefined, fractionDigits = 1) =>
  value === null || value === undefined
    ? ''
    : new Intl.NumberFormat(currentLanguage(), {
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
      }).format(value);

/** A calendar month (YYYY-MM) in the reader's language: "Nov 2026" / "2026年11月" (long: "November 2026"). */
export function formatMonth(month: string, style: 'short' | 'long' = 'short') {
  const [year, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(currentLanguage(), { year: 'numeric', month: style, timeZone: 'UTC' }).format(
    new Date(Date.UTC(year!, m! - 1, 1)),
  );
}

/** Lists in the reader's language: "a, b and c" / "a、b和c". */
export function formatList(values: string[]) {
  try {
    return new Intl.ListFormat(currentLanguage(), { style: 'long', type: 'conjunction' }).format(values);
  } catch {
    return values.join(', ');
  }
}

/** An attribute value as text: strings as they are, everything else as JSON. */
export const attributeText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
