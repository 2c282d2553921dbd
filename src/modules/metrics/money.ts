import { MAX_MONEY_MINOR } from '../../shared/money.js';
/** Minor-unit exponent of a currency (CNY 2, JPY 0, KWD 3), from the platform's ISO 4217 data. */
export function currencyExponent(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export const MONTHS_IN_INTERVAL = { month: 1, quarter: 3, year: 12 } as const;

/**
 * Parses a decimal amount in major units ("1,234.50") into integer minor units without floating
 * point. Returns undefined for anything that is not a plain non-negative decimal with at most
 * the currency's number of decimals.
 */
export function parseMajorUnits(text: string, currency: string): number | undefined {
  const exponent = currencyExponent(currency);
  const cleaned = text.trim().replace(/[,\s_]/g, '');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return undefined;
  const [, whole, fraction = ''] = match;
  if (fraction.replace(/0+$/, '').length > exponent) return undefined;
  const minor = Number(whole) * 10 ** exponent + Number((fraction + '0'.repeat(exponent)).slice(0, exponent) || '0');
  return Number.isSafeInteger(minor) && minor <= MAX_MONEY_MINOR ? minor : undefined;
}

/**
 * Factor turning one minor unit of `currency` into minor units of `base`:
 * the rate ratio, scaled by the difference of their exponents (JPY has none, CNY two).
 */
export function conversionFactor(
  currency: string,
  base: string,
  ratesPerUsd: Record<string, number>,
): number | undefined {
  if (currency === base) return 1;
  const from = ratesPerUsd[currency];
  const to = ratesPerUsd[base];
  if (!from || !to) return undefined;
  return (to / from) * 10 ** (currencyExponent(base) - currencyExponent(currency));
}
