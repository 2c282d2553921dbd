import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';
import { MAX_FX_RATE, MAX_MONEY_MINOR } from '../../shared/money.js';

let t: TestApp;
let manager: Session;
let accountId: string;

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.as('cs_manager');
  accountId = (await t.services.accounts.create(cliActor, { name: 'Bounds' })).id;
});
afterAll(() => t.close());

const send = (method: 'PUT' | 'POST', url: string, payload: unknown, lang = 'en') =>
  t.app.inject({ method, url, payload: payload as object, headers: { ...manager.headers, 'accept-language': lang } });

describe('exchange rates', () => {
  it('refuses an empty table instead of wiping every rate', async () => {
    const before = (
      await t.app.inject({ method: 'GET', url: '/api/settings/fx-rates', headers: manager.headers })
    ).json();
    expect(Object.keys(before).length).toBeGreaterThan(1);
    const r = await send('PUT', '/api/settings/fx-rates', {});
    expect(r.statusCode).toBe(400);
    expect(r.json().error.issues[0]).toMatchObject({ path: 'body', message: expect.stringContaining('at least one') });
    expect((await send('PUT', '/api/settings/fx-rates', {}, 'zh-CN')).json().error.issues[0].message).toContain('至少');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/settings/fx-rates', headers: manager.headers })).json(),
    ).toEqual(before);
  });

  it(`bounds each rate to (0, ${MAX_FX_RATE}] and still takes a smaller table`, async () => {
    expect((await send('PUT', '/api/settings/fx-rates', { USD: 1, CNY: 1e7 })).statusCode).toBe(400);
    expect((await send('PUT', '/api/settings/fx-rates', { USD: 1, CNY: 0 })).statusCode).toBe(400);
    const ok = await send('PUT', '/api/settings/fx-rates', { USD: 1, CNY: 7.2, VND: 25_000 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ USD: 1, CNY: 7.2, VND: 25_000 });
  });
});

describe('money amounts', () => {
  it(`refuse more than ${MAX_MONEY_MINOR} minor units`, async () => {
    const version = { amountMinor: MAX_MONEY_MINOR + 1, currency: 'CNY', interval: 'year', startsOn: '2026-01-01' };
    const big = await send('POST', `/api/accounts/${accountId}/subscriptions`, version);
    expect(big.statusCode).toBe(400);
    expect(big.json().error.issues[0].path).toBe('body.amountMinor');
    expect(
      (
        await send('POST', `/api/accounts/${accountId}/subscriptions`, {
          ...version,
          amountMinor: Number.MAX_SAFE_INTEGER,
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await send('POST', `/api/accounts/${accountId}/subscriptions`, { ...version, amountMinor: MAX_MONEY_MINOR }))
        .statusCode,
    ).toBe(201);
    const finance = await send('PUT', '/api/settings/finance', {
      '2026-01': { salesMarketingSpendMinor: MAX_MONEY_MINOR + 1 },
    });
    expect(finance.statusCode).toBe(400);
    expect(finance.json().error.issues[0].path).toBe('body.2026-01.salesMarketingSpendMinor');
  });
});
