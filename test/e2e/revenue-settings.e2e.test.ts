import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltApp } from '../../src/app.js';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const ADMIN = { email: 'fx@e2e.test', name: 'Finance Admin', password: 'e2e correct horse' };
const VIEWER = { email: 'fx-viewer@e2e.test', name: 'Just Reading', password: 'e2e correct horse' };

/**
 * Settings → Revenue settings on a fixed clock (March 2026, base currency CNY): the default
 * exchange rates, and spend for January (¥3,000.00, 80 % margin) and February (¥3,200.00, no margin
 * of its own, so January's carries on).
 */
describe('revenue settings page end to end', () => {
  let e: BrowserApp;
  let services: BuiltApp['services'];
  let page: Page;
  let baseUrl: string;
  let signIn: BrowserApp['signIn'];

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-03-15T04:00:00Z' });
    ({ services, page, baseUrl, signIn } = e);
    await services.users.create(cliActor, { ...ADMIN, role: 'admin' });
    await services.users.create(cliActor, { ...VIEWER, role: 'viewer' });
    await services.settings.set(cliActor, 'finance', {
      '2026-01': { salesMarketingSpendMinor: 300000, grossMargin: 0.8 },
      '2026-02': { salesMarketingSpendMinor: 320000, grossMargin: null },
    });
  });

  afterAll(() => e?.close());

  it('changes an exchange rate from the Settings menu', async () => {
    await signIn(ADMIN);
    await page.goto(`${baseUrl}/accounts`);
    await page.getByTestId('side-nav').getByText('Settings', { exact: true }).click();
    await page.getByTestId('side-nav').getByRole('link', { name: 'Revenue settings' }).click();
    await page.getByRole('heading', { name: 'Revenue settings', exact: true }).waitFor();

    const eur = page.getByTestId('fx-row-EUR');
    // Default rates: 1 USD = 7.1 CNY = 0.92 EUR, so 1 EUR = 7.1 ÷ 0.92 CNY.
    await eur.getByText('1 EUR = 7.7174 CNY').waitFor();
    await eur.getByRole('spinbutton').fill('0.95');
    await eur.getByText('1 EUR = 7.4737 CNY').waitFor();
    await page.getByTestId('fx-save').click();
    await page.getByText('Exchange rates saved', { exact: false }).waitFor();

    await expect.poll(async () => (await services.settings.get('fx_rates')).EUR).toBe(0.95);
    const rates = await services.settings.get('fx_rates');
    expect(rates).toMatchObject({ USD: 1, CNY: 7.1, JPY: 150 });
  });

  it('changes a month’s spend, entered in major units, with the earlier gross margin carried on', async () => {
    const card = page.getByTestId('finance-card');
    // Most recent first.
    await expect
      .poll(() => card.locator('.ant-table-row').first().getAttribute('data-testid'))
      .toBe('finance-row-2026-02');
    const spend = page.getByTestId('finance-spend-2026-02');
    await expect.poll(() => spend.inputValue()).toBe('3,200.00');
    expect(await page.getByTestId('finance-margin-2026-02').getAttribute('placeholder')).toContain('80.0%');

    await spend.fill('4500.5');
    await page.getByTestId('finance-save').click();
    await page.getByText('Spend and gross margin saved').waitFor();

    await expect
      .poll(async () => (await services.settings.get('finance'))['2026-02'])
      .toEqual({ salesMarketingSpendMinor: 450050, grossMargin: null });
    expect((await services.settings.get('finance'))['2026-01']).toEqual({
      salesMarketingSpendMinor: 300000,
      grossMargin: 0.8,
    });
    await expect.poll(() => spend.inputValue()).toBe('4,500.50');
  });

  it('shows the settings read-only to a viewer', async () => {
    await signIn(VIEWER);
    await page.goto(`${baseUrl}/settings/revenue`);
    await page.getByTestId('revenue-settings-readonly').waitFor();
    await page.getByTestId('fx-row-EUR').getByText('0.95', { exact: true }).waitFor();
    await page.getByTestId('finance-row-2026-02').getByText('¥4,500.50').waitFor();
    expect(await page.getByTestId('fx-save').count()).toBe(0);
    expect(await page.getByTestId('finance-save').count()).toBe(0);
    expect(await page.getByTestId('side-nav').getByText('Settings', { exact: true }).count()).toBe(0);
  });
});
