/**
 * Spreadsheet formula injection (OWASP "CSV injection"): Excel, WPS and LibreOffice run a text cell
 * that starts with = + - @ (or a tab / carriage return before one) as a formula, so an account named
 * =HYPERLINK(…) in an export becomes a live link or worse. A leading single quote makes the cell
 * text, as OWASP recommends. Only strings are escaped: numbers (negative money included), booleans
 * and dates stay typed. Every CSV / XLSX export passes its rows through here.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function safeCell<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

export const safeRow = <T>(row: readonly T[]) => row.map(safeCell);
