import { describe, expect, it } from 'vitest';
import { quietUntil } from './quiet-hours.js';

const night = { start: '22:00', end: '08:00' };
const at = (iso: string) => new Date(iso);

describe('quiet hours', () => {
  it('lets a send outside the window go at once, and holds one inside it until the window ends', () => {
    // 15:00 in Shanghai (07:00Z): outside 22:00–08:00.
    expect(quietUntil(at('2026-06-15T07:00:00Z'), night, 'Asia/Shanghai').toISOString()).toBe(
      '2026-06-15T07:00:00.000Z',
    );
    // 23:30 in Shanghai: held until 08:00 the next morning (00:00Z).
    expect(quietUntil(at('2026-06-15T15:30:00Z'), night, 'Asia/Shanghai').toISOString()).toBe(
      '2026-06-16T00:00:00.000Z',
    );
    // 03:00 in Shanghai: held until 08:00 the same morning.
    expect(quietUntil(at('2026-06-15T19:00:00Z'), night, 'Asia/Shanghai').toISOString()).toBe(
      '2026-06-16T00:00:00.000Z',
    );
    expect(quietUntil(at('2026-06-15T15:30:00Z'), null, 'Asia/Shanghai').toISOString()).toBe(
      '2026-06-15T15:30:00.000Z',
    );
  });

  it('ends the window at 08:00 on the clock even when the clocks change in the night', () => {
    // 23:00 EST on 7 March; the clocks go forward at 02:00: 08:00 EDT is 12:00Z, not nine hours later.
    expect(quietUntil(at('2026-03-08T04:00:00Z'), night, 'America/New_York').toISOString()).toBe(
      '2026-03-08T12:00:00.000Z',
    );
    // 23:00 EDT on 31 October; the clocks go back at 02:00: 08:00 EST is 13:00Z.
    expect(quietUntil(at('2026-11-01T03:00:00Z'), night, 'America/New_York').toISOString()).toBe(
      '2026-11-01T13:00:00.000Z',
    );
  });
});
