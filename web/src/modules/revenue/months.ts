/** Calendar months as YYYY-MM strings (the API's form); arithmetic without time zones. */
export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function addMonths(month: string, n: number) {
  const [y, m] = month.split('-').map(Number);
  const index = y! * 12 + (m! - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Whole months from `from` to `to` (0 when they are the same month). */
export function monthsBetween(from: string, to: string) {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return (ty! - fy!) * 12 + (tm! - fm!);
}
