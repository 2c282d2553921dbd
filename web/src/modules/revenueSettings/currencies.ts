import { currentLanguage } from '../../i18n';

/** An ISO 4217 code as the API takes it: three capital letters. */
export const CURRENCY_CODE = /^[A-Z]{3}$/;

/** Digits after the decimal point of a currency's major unit (CNY 2, JPY 0, KWD 3) — the server's rule too. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Minor units (分, cents) → major units (元, dollars), and back, rounded to a whole minor unit. */
export const toMajor = (minor: number, currency: string) => minor / 10 ** currencyDigits(currency);
export const toMinor = (major: number, currency: string) => Math.round(major * 10 ** currencyDigits(currency));

/** The currency's symbol in the reader's language (¥, $, €), or its code when it has none. */
export function currencySymbol(currency: string): string {
  try {
    const parts = new Intl.NumberFormat(currentLanguage(), {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
    }).formatToParts(0);
    return parts.find((p) => p.type === 'currency')?.value ?? currency;
  } catch {
    return currency;
  }
}

/** The currency's name in the reader's language ("Chinese Yuan" / "人民币"), or nothing for an unknown code. */
export function currencyName(currency: string): string | undefined {
  if (!CURRENCY_CODE.test(currency)) return undefined;
  try {
    const name = new Intl.DisplayNames([currentLanguage()], { type: 'currency', fallback: 'none' }).of(currency);
    return name && name !== currency ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Every ISO 4217 code the browser knows, for suggestions (free entry stays possible). */
export function knownCurrencies(): string[] {
  try {
    return Intl.supportedValuesOf('currency');
  } catch {
    return ['USD', 'CNY', 'EUR', 'GBP', 'JPY', 'HKD', 'SGD', 'AUD', 'CAD', 'CHF', 'KRW', 'INR', 'TWD'];
  }
}

/** An exchange rate: four decimals from 1 up, four significant digits below (0.0473). */
export function formatRate(value: number): string {
  const options: Intl.NumberFormatOptions =
    Math.abs(value) >= 1 ? { maximumFractionDigits: 4 } : { maximumSignificantDigits: 4 };
  return new Intl.NumberFormat(currentLanguage(), options).format(value);
}
