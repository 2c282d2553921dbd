import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { createClock, localDate } from './clock.js';

describe('configuration', () => {
  it('has working defaults for a laptop', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, TENURE_DATA_DIR: './data', TENURE_DEMO: true, TENURE_TIMEZONE: 'Asia/Shanghai', TENURE_CURRENCY: 'CNY' });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('stops on a bad value with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ TENURE_TIMEZONE: 'Mars/Olympus' })).toThrow(/TENURE_TIMEZONE: must be an IANA time zone/);
    expect(() => loadConfig({ TENURE_NOW: 'yesterday' })).toThrow(/TENURE_NOW/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ TENURE_DEMO: 'maybe' })).toThrow(/TENURE_DEMO/);
  });

  it('reads flags and numbers', () => {
    expect(loadConfig({ TENURE_DEMO: '0', PORT: '8080' })).toMatchObject({ TENURE_DEMO: false, PORT: 8080 });
  });
});

describe('clock', () => {
  it('is fixed by TENURE_NOW and cuts days in the organisation time zone', () => {
    const clock = createClock('2026-01-31T17:30:00Z');
    expect(clock.now().toISOString()).toBe('2026-01-31T17:30:00.000Z');
    // 17:30 UTC is already 1 February in Shanghai (UTC+8), still 31 January in New York.
    expect(clock.today('Asia/Shanghai')).toBe('2026-02-01');
    expect(clock.today('America/New_York')).toBe('2026-01-31');
    expect(localDate(new Date('2026-06-30T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-07-01');
  });

  it('runs on when not fixed', () => {
    const before = Date.now();
    const now = createClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
  });
});
