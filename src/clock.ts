import { onePerKey } from './shared/one-per-key.js';

/** The one clock all date logic reads. TENURE_NOW fixes it for demos, tests and time travel. */
export interface Clock {
  now(): Date;
  /** Calendar date (YYYY-MM-DD) of `at` (default now) in the given IANA time zone. */
  today(timeZone: string, at?: Date): string;
}

// One formatter per time zone: building one cost every request ~0.2 ms (docs/performance.md). en-CA formats
// as YYYY-MM-DD.
const dateFormat = onePerKey(
  (timeZone) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
);

export function localDate(at: Date, timeZone: string): string {
  return dateFormat(timeZone).format(at);
}

export function createClock(fixedAt?: string | Date): Clock {
  const fixed = fixedAt === undefined ? undefined : new Date(fixedAt);
  const now = () => (fixed ? new Date(fixed) : new Date());
  return { now, today: (tz, at) => localDate(at ?? now(), tz) };
}
