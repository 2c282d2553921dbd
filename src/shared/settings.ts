import { z } from 'zod';
import { endpoint } from './endpoint.js';
import { MAX_FX_RATE, MIN_FX_RATE, moneyMinorSchema } from './money.js';

/** Units of each currency per 1 USD. Conversion X → base = rate[base] / rate[X]; admins edit these. */
export const fxRatesSchema = z.record(z.string().regex(/^[A-Z]{3}$/), z.number().positive());
/**
 * What PUT takes: the whole table, each rate within bounds (shared/money.ts), and never empty —
 * `{}` would wipe every rate and leave revenue unconvertible. Stored tables are read with the
 * looser schema above, so a bound tightened later never swaps someone's rates for the defaults.
 */
export const fxRatesInputSchema = z
  .record(z.string().regex(/^[A-Z]{3}$/), z.number().min(MIN_FX_RATE).max(MAX_FX_RATE))
  .refine((rates) => Object.keys(rates).length > 0, { message: 'errors.fxRatesEmpty' });
export type FxRates = z.infer<typeof fxRatesSchema>;

/** Per month (YYYY-MM): sales & marketing spend in base-currency minor units, gross margin 0–1. */
export const financeSchema = z.record(
  z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  z.object({
    salesMarketingSpendMinor: moneyMinorSchema.nullable().optional(),
    grossMargin: z.number().min(0).max(1).nullable().optional(),
  }),
);
export type Finance = z.infer<typeof financeSchema>;

/** Revenue settings (docs/metrics.md): exchange rates and the finance figures behind CAC and LTV. */
export const settingsApi = {
  fxRates: endpoint({ method: 'GET', path: '/api/settings/fx-rates', response: fxRatesSchema }),
  setFxRates: endpoint({
    method: 'PUT',
    path: '/api/settings/fx-rates',
    body: fxRatesInputSchema,
    response: fxRatesSchema,
  }),
  finance: endpoint({ method: 'GET', path: '/api/settings/finance', response: financeSchema }),
  setFinance: endpoint({ method: 'PUT', path: '/api/settings/finance', body: financeSchema, response: financeSchema }),
};
