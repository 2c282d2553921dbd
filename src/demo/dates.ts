import { zonedToUtc } from '../shared/zoned-time.js';

/** Calendar arithmetic on 'YYYY-MM-DD' strings (UTC-based, so no time zone can shift a day). */

const DAY_MS = 86_400_000;

// The generator walks day by day through two years for hundreds of accounts; memoising the
// string conversions makes that several times faster.
const parsed = new Map<string, number>();
const formatted = new Map<number, string>();

function parse(day: string): number {
  let ms = parsed.get(day);
  if (ms === undefined) {
    ms = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
    parsed.set(day, ms);
  }
  return ms;
}

function format(ms: number): string {
  let day = formatted.get(ms);
  if (day === undefined) {
    day = new Date(ms).toISOString().slice(0, 10);
    formatted.set(ms, day);
  }
  return day;
}

export function addDays(day: string, days: number): string {
  return format(parse(day) + days * DAY_MS);
}

/** Same day of month n months later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(day: string, months: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + months;
  const d = Number(day.slice(8, 10));
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return format(Date.UTC(y, m, Math.min(d, last)));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((parse(to) - parse(from)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: string): number {
  return new Date(parse(day)).getUTCDay();
}

export const minDay = (a: string, b: string) => (a < b ? a : b);
export const maxDay = (a: string, b: string) => (a > b ? a : b);

/** The instant of a local wall-clock time (minutes after midnight) on a day in a time zone, as ISO. */
export function zonedInstant(day: string, minuteOfDay: number, timeZone: string): string {
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  return zonedToUtc(y, mo, d, 0, minuteOfDay, 0, timeZone).toISOString();
}
