import { describe, expect, it } from 'vitest';
import { createClock, localDate } from './clock.js';

describe('the calendar date of an instant', () => {
  it('is the date in the asked time zone, zone after zone (each keeps its own formatter)', () => {
    // 2026-03-01 02:30 UTC: already the 1st in Shanghai, still the last day of February in Los Angeles.
    const at = new Date('2026-03-01T02:30:00Z');
    const zones = ['Asia/Shanghai', 'America/Los_Angeles', 'UTC', 'Asia/Shanghai', 'America/Los_Angeles'];
    expect(zones.map((zone) => localDate(at, zone))).toEqual([
      '2026-03-01',
      '2026-02-28',
      '2026-03-01',
      '2026-03-01',
      '2026-02-28',
    ]);
    expect(createClock('2026-12-31T20:00:00Z').today('Asia/Tokyo')).toBe('2027-01-01');
  });

  it('refuses an unknown time zone every time it is asked', () => {
    for (let i = 0; i < 2; i++) expect(() => localDate(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});
