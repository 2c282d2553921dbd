import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltApp } from '../../src/app.js';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const ADMIN = { email: 'revenue@e2e.test', name: 'Revenue Admin', password: 'e2e correct horse' };

/**
 * The clock is fixed on 15 March 2026 (Asia/Shanghai): March is running, so the page opens on
 * February, the last complete month, over March 2025 – February 2026. Aurora pays ¥1,234.56 a
 * month since December; Borealis ¥120,000.00 a year since 2 March (MRR ¥10,000.00): March's MRR
 * so far is ¥11,234.56 and Borealis is its one new business.
 */
describe('revenue page end to end', () => {
  let e: BrowserApp;
  let services: BuiltApp['services'];
  let page: Page;
  let baseUrl: string;
  const accounts: Record<'aurora' | 'borealis' | 'cygnus', string> = { aurora: '', borealis: '', cygnus: '' };

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-03-15T04:00:00Z' });
    ({ services, page, baseUrl } = e);
    await services.users.create(cliActor, { ...ADMIN, role: 'admin' });
    accounts.aurora = (await services.accounts.create(cliActor, { name: 'Aurora Analytics', externalId: 'aurora' })).id;
    accounts.borealis = (
      await services.accounts.create(cliActor, { name: 'Borealis Logistics', externalId: 'borealis' })
    ).id;
    accounts.cygnus = (await services.accounts.create(cliActor, { name: 'Cygnus GmbH', externalId: 'cygnus' })).id;
  });

  afterAll(() => e?.close());

  it('explains how to import subscriptions while there are none', async () => {
    // Signed in through the API: the session cookie's Expires follows the server's fixed clock
    // (two weeks after March 2026), which a browser living in real time would drop at once.
    await e.signIn(ADMIN);
    await page.goto(`${baseUrl}/revenue`);

    await page.getByRole('heading', { name: 'Revenue', exact: true }).waitFor();
    await page.getByTestId('current-user').getByText(ADMIN.name).waitFor();
    await page.getByTestId('revenue-empty').getByText('npx tenure import subscriptions file.csv').waitFor();
  });

  it('opens on the last complete month, over the 12 months ending with it', async () => {
    await services.subscriptions.recordVersion(cliActor, accounts.aurora, {
      subscriptionExternalId: 'sub-aurora',
      plan: 'Growth',
      amountMinor: 123456,
      currency: 'CNY',
      interval: 'month',
      startsOn: '2025-12-05',
    });
    await services.subscriptions.recordVersion(cliActor, accounts.borealis, {
      subscriptionExternalId: 'sub-borealis',
      plan: 'Enterprise',
      amountMinor: 12000000,
      currency: 'CNY',
      interval: 'year',
      startsOn: '2026-03-02',
    });
    await page.reload();

    const mrr = page.getByTestId('kpi-mrr').getByTestId('kpi-value');
    await mrr.getByText('¥1,234.56', { exact: true }).waitFor();
    await page.getByTestId('kpi-month').getByText('February 2026').waitFor();
    // The server's month, not the browser's: March 2025 – February 2026, and not written into the URL.
    const period = page.getByTestId('revenue-filters').locator('.ant-picker-range input');
    await expect
      .poll(() => period.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)))
      .toEqual(['2025-03', '2026-02']);
    expect(new URL(page.url()).search).toBe('');
    await expect.poll(() => page.getByTestId('monthly-table').locator('tbody tr.ant-table-row').count()).toBe(12);
    // Nothing on the page is the running month, so nothing is marked partial.
    expect(await page.getByTestId('partial-month').count()).toBe(0);
  });

  it('marks the running month partial when the user picks it', async () => {
    await page.getByTestId('revenue-filters').locator('.ant-picker-range').click();
    await page.locator('.ant-picker-presets').getByText('This year', { exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('to') === '2026-03');

    await page.getByTestId('kpi-mrr').getByTestId('kpi-value').getByText('¥11,234.56', { exact: true }).waitFor();
    await page.getByTestId('kpi-month').getByText('March 2026').waitFor();
    // The headline, the running month's row of the table and its chart label say it is partial.
    const headline = page.getByTestId('kpi-month').locator('..').getByTestId('partial-month');
    await headline.getByText('Partial month', { exact: true }).waitFor();
    const rows = page.getByTestId('monthly-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(3);
    await rows.filter({ hasText: 'Mar 2026' }).getByTestId('partial-month').waitFor();
    expect(await rows.filter({ hasText: 'Feb 2026' }).getByTestId('partial-month').count()).toBe(0);
    await expect
      .poll(() => page.getByTestId('movements-chart').locator('[aria-label]').first().getAttribute('aria-label'))
      .toContain('Mar 2026 (partial)');
  });

  it('drills down from a figure to the accounts behind it, and on to the account', async () => {
    await page.getByTestId('figure-2026-03-newMrr').click();
    const drawer = page.getByTestId('drill-drawer');
    await drawer.getByRole('link', { name: 'Borealis Logistics' }).waitFor();
    await drawer.getByText('¥10,000.00').first().waitFor();
    expect(await drawer.getByTestId('drill-account').count()).toBe(1);

    await drawer.getByRole('link', { name: 'Borealis Logistics' }).click();
    await page.waitForURL((url) => url.pathname === `/accounts/${accounts.borealis}`);
    await page.getByTestId('account-title').getByText('Borealis Logistics').waitFor();
  });

  it('switches to Chinese', async () => {
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/revenue');
    await page.getByTestId('kpi-mrr').getByText('¥11,234.56').waitFor();
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-option-zh-CN').click();

    await page.getByRole('heading', { name: '收入', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Revenue', exact: true }).waitFor({ state: 'detached' });
    await page.getByTestId('kpi-month').getByText('2026年3月').waitFor();
    await page
      .getByTestId('kpi-month')
      .locator('..')
      .getByTestId('partial-month')
      .getByText('本月进行中（不完整）')
      .waitFor();
    await page.getByTestId('side-nav').getByText('收入').waitFor();
  });

  it('names a missing exchange rate and links to where it is added', async () => {
    await services.subscriptions.recordVersion(cliActor, accounts.cygnus, {
      subscriptionExternalId: 'sub-cygnus',
      amountMinor: 50000,
      currency: 'EUR',
      interval: 'month',
      startsOn: '2026-01-01',
    });
    await services.settings.set(cliActor, 'fx_rates', { USD: 1, CNY: 7.1 });
    await page.reload();

    const error = page.getByTestId('revenue-fx-error');
    await error.getByText('EUR', { exact: false }).first().waitFor();
    expect(await error.getByTestId('revenue-fx-settings').getAttribute('href')).toBe('/settings/revenue');
  });
});
