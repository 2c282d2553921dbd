import { z } from 'zod';
import { onePerKey } from './one-per-key.js';

/**
 * Upper bounds on what the API takes, so sums and currency conversions stay exact doubles.
 * One amount may be at most MAX_SAFE_INTEGER / 100 minor units (about 900 billion in major units
 * of a two-decimal currency): a hundred of them summed, or one converted at a ratio up to 100,
 * still fits 2^53. A rate is units of a currency per 1 USD, within [1e-6, 1e6]: no currency
 * today is near either end, and a typo (a missing decimal point) lands outside.
 */
export const MAX_MONEY_MINOR = Math.floor(Number.MAX_SAFE_INTEGER / 100);
export const MIN_FX_RATE = 1e-6;
export const MAX_FX_RATE = 1e6;

/** An amount in minor units as the API takes it: a whole number from 0 to MAX_MONEY_MINOR. */
export const moneyMinorSchema = z.number().int().min(0).max(MAX_MONEY_MINOR);

/** Minor-unit exponent of a currency (CNY 2, JPY 0, KWD 3), from the platform's ISO 4217 data. */
// Kept per currency: building a formatter costs ~0.2 ms, and an import or a report asks once per amount.
export const currencyExponent: (currency: string) => number = onePerKey(
  (currency) =>
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2,
);

/** An amount typed in major units (1234.5 in a number box) as integer minor units of the currency. */
export const toMinorUnits = (major: number, currency: string) => Math.round(major * 10 ** currencyExponent(currency));

/** Integer minor units as the major-unit number a form's number box shows. */
export const toMajorUnits = (minor: number, currency: string) => minor / 10 ** currencyExponent(currency);

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
