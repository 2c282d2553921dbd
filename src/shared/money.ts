import { z } from 'zod';

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
