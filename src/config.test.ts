import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { createClock, localDate } from './clock.js';

describe('configuration', () => {
  it('has working defaults for a laptop', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      TENURE_DATA_DIR: './data',
      TENURE_DEMO: true,
      TENURE_TIMEZONE: 'Asia/Shanghai',
      TENURE_CURRENCY: 'CNY',
    });
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

  it('never echoes a secret from a refused value', () => {
    const message = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    const database = message({ DATABASE_URL: 'mysql://tenure:pg-s3cret-pw@db.internal:3306/tenure' });
    expect(database).toMatch(/DATABASE_URL/);
    expect(database).not.toContain('pg-s3cret-pw');
    expect(database).toContain('db.internal'); // the rest still helps to spot the mistake
    const smtp = message({ SMTP_URL: 'smtpz://mailer:smtp-s3cret@mail.example.com:587' });
    expect(smtp).toMatch(/SMTP_URL/);
    expect(smtp).not.toContain('smtp-s3cret');
    // Not even a password that is not shaped like a URL's, nor a webhook secret of the wrong form.
    expect(message({ DATABASE_URL: 'host=db password=kw-s3cret' })).not.toContain('kw-s3cret');
    expect(message({ STRIPE_WEBHOOK_SECRET: 'sk_live_s3cret' })).not.toContain('sk_live_s3cret');
  });

  it('loads the demo by default on embedded PGlite only: on PostgreSQL only when TENURE_DEMO=1 is given', () => {
    expect(loadConfig({}).TENURE_DEMO).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/tenure' }).TENURE_DEMO).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/tenure', TENURE_DEMO: '1' }).TENURE_DEMO).toBe(true);
    expect(loadConfig({ TENURE_DEMO: '0' }).TENURE_DEMO).toBe(false);
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
