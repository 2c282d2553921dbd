import { onePerKey } from './one-per-key.js';

/** Wall-clock time in IANA time zones: the one place that turns a zone's local time into an instant. */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const wallClock = onePerKey(
  (timeZone) =>
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }),
);

/** Milliseconds the zone is ahead of UTC at the instant `ms`, computed. */
function offsetAt(ms: number, timeZone: string): number {
  const p = Object.fromEntries(
    wallClock(timeZone)
      .formatToParts(new Date(ms))
      .map((x) => [x.type, Number(x.value)]),
  );
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

// Imports read a zone's offset for every row, so each whole UTC hour's offset is kept — but only for an hour
// the zone does not change offset in: a half-hour zone (Adelaide, Lord Howe) changes at half past.
const steadyHours = new Map<string, number>();

/** Milliseconds the zone is ahead of UTC at the instant `ms`. */
export function zoneOffset(ms: number, timeZone: string): number {
  const hour = Math.floor(ms / HOUR);
  const key = `${timeZone}|${hour}`;
  const kept = steadyHours.get(key);
  if (kept !== undefined) return kept;
  const start = offsetAt(hour * HOUR, timeZone);
  if (start !== offsetAt(hour * HOUR + HOUR - 1000, timeZone)) return offsetAt(ms, timeZone);
  if (steadyHours.size > 50_000) steadyHours.clear();
  steadyHours.set(key, start);
  return start;
}

/**
 * The instant of a wall-clock time in a time zone. A time the clocks repeat (the hour daylight saving ends)
 * is its first occurrence; a time they skip (the hour it starts) moves forward by the change, as a clock
 * left unchanged would read it. `mi` may run past 59 (minutes after midnight).
 */
export function zonedToUtc(y: number, mo: number, d: number, h: number, mi: number, s: number, timeZone: string): Date {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  // Offsets change at most once within a day either side; the instants those offsets give that read as
  // this wall time are its occurrences.
  const before = zoneOffset(wall - DAY, timeZone);
  const after = zoneOffset(wall + DAY, timeZone);
  const occurrences = [wall - before, wall - after].filter((t) => wall - t === zoneOffset(t, timeZone));
  return new Date(occurrences.length ? Math.min(...occurrences) : wall - before);
}
