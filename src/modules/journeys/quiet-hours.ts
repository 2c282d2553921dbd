import { zonedToUtc, zoneOffset } from '../../shared/zoned-time.js';

/** `at` as the zone's wall clock reads it, in a Date's UTC fields. */
const wallClock = (at: Date, timeZone: string) => new Date(at.getTime() + zoneOffset(at.getTime(), timeZone));

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
  const local = wallClock(at, timeZone);
  const now = local.getUTCHours() * 60 + local.getUTCMinutes();
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return at;
  // The window's end on that zone's clock (today's if still ahead, else tomorrow's) as an instant, not as
  // minutes added: a night the clocks change in is an hour shorter or longer.
  const day = local.getUTCDate() + (end > now ? 0 : 1);
  return zonedToUtc(local.getUTCFullYear(), local.getUTCMonth() + 1, day, 0, end, 0, timeZone);
}
