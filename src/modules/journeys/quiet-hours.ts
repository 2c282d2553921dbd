import { localDate } from '../../clock.js';
import { onePerKey } from '../../shared/one-per-key.js';
import { zonedToUtc } from '../../shared/zoned-time.js';

// One formatter per time zone (building one costs ~0.2 ms; a journey run asks for each contact).
const clockFormat = onePerKey(
  (timeZone) => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
);

/** Minutes since local midnight of `at` in `timeZone`. */
function localMinutes(at: Date, timeZone: string): number {
  const parts = clockFormat(timeZone)
    .formatToParts(at)
    .reduce<Record<string, string>>((acc, p) => Object.assign(acc, { [p.type]: p.value }), {});
  return Number(parts.hour) * 60 + Number(parts.minute);
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** A time zone the runtime knows, else the fallback (an account attribute may hold anything). */
export function usableTimeZone(zone: unknown, fallback: string): string {
  if (typeof zone !== 'string' || !zone) return fallback;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return fallback;
  }
}

/**
 * When a send due at `at` may go: `at` itself outside the quiet window, else the window's end in the
 * customer's time zone. The window [start, end) may wrap midnight (22:00–08:00); start = end is no window.
 */
export function quietUntil(at: Date, quiet: { start: string; end: string } | null, timeZone: string): Date {
  if (!quiet) return at;
  const start = toMinutes(quiet.start);
  const end = toMinutes(quiet.end);
  if (start === end) return at;
  const now = localMinutes(at, timeZone);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return at;
  // The window's end on that zone's clock (today's if still ahead, else tomorrow's) as an instant, not as
  // minutes added: a night the clocks change in is an hour shorter or longer.
  const [y, mo, d] = localDate(at, timeZone).split('-').map(Number) as [number, number, number];
  return zonedToUtc(y, mo, end > now ? d : d + 1, 0, end, 0, timeZone);
}
