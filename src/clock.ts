/** The one clock all date logic reads. TENURE_NOW fixes it for demos, tests and time travel. */
export interface Clock {
  now(): Date;
  /** Calendar date (YYYY-MM-DD) of `at` (default now) in the given IANA time zone. */
  today(timeZone: string, at?: Date): string;
}

// One formatter per time zone: building one costs ~0.2 ms, which every request paid at least once (a fifth of
// the CPU of a CSM's CTA list; docs/performance.md), while formatting with it is a few microseconds.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function localDate(at: Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD. Built before it is kept, so an unknown time zone throws every time.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format.format(at);
}

export function createClock(fixedAt?: string | Date): Clock {
  const fixed = fixedAt === undefined ? undefined : new Date(fixedAt);
  const now = () => (fixed ? new Date(fixed) : new Date());
  return { now, today: (tz, at) => localDate(at ?? now(), tz) };
}
