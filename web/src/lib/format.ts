import dayjs from 'dayjs';
import { currentLanguage } from '../i18n';

export const formatDate = (value: string | null | undefined) => (value ? dayjs(value).format('L') : '');
export const formatDateTime = (value: string | null | undefined) => (value ? dayjs(value).format('L LT') : '');
export const fromNow = (value: string) => dayjs(value).fromNow();

export const formatNumber = (value: number | null | undefined) => (value === null || value === undefined ? '' : new Intl.NumberFormat(currentLanguage()).format(value));

/** Minor units → a currency amount, using the currency's own number of decimals (2 for CNY/USD, 0 for JPY). */
export function formatMoney(amountMinor: number, currency: string) {
  try {
    const format = new Intl.NumberFormat(currentLanguage(), { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(amountMinor / 10 ** digits);
  } catch {
    return `${(amountMinor / 100).toFixed(2)} ${currency}`;
  }
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
