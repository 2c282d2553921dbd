import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const ADMIN = { email: 'renewals@e2e.test', name: 'Renewal Admin', password: 'e2e correct horse' };

/**
 * Today is 2026-06-15 (Asia/Shanghai). Aurora pays ¥12,000.00 a year from 2025-08-01 and Borealis
 * ¥3,000.00 a quarter from 2026-05-01: both renew on 2026-08-01 with ARR ¥12,000.00. Without a
 * model both are "likely" (75 %): forecast ¥18,000.00. Aurora set to commit (95 %) and Borealis
 * churned (0) make it ¥11,400.00.
 */
describe('renewals page end to end', () => {
  let e: BrowserApp;
  let services: BrowserApp['services'];
  let page: BrowserApp['page'];
  let baseUrl: string;

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z' });
    ({ services, page, baseUrl } = e);
    const admin = await services.users.create(cliActor, { ...ADMIN, role: 'admin' });
    for (const [name, interval, startsOn, amountMinor] of [
      ['Aurora Analytics', 'year', '2025-08-01', 1_200_000],
      ['Borealis Logistics', 'quarter', '2026-05-01', 300_000],
    ] as const) {
      const account = await services.accounts.create(cliActor, { name, ownerId: admin.id });
      await services.subscriptions.recordVersion(cliActor, account.id, {
        subscriptionExternalId: `sub-${name}`,
        amountMinor,
        currency: 'CNY',
        interval,
        startsOn,
      });
    }
    // Signed in through the API: the cookie's expiry follows the server's fixed clock.
    await e.signIn(ADMIN);
  }, 180_000);

  afterAll(() => e?.close());

  const pick = async (testId: string, option: string) => {
    await page.getByTestId(testId).click();
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
  };

  it('opens Renewals from the navigation and shows the forecast before any change', async () => {
    await page.goto(`${baseUrl}/accounts`);
    await page.getByTestId('side-nav').getByText('Renewals', { exact: true }).click();
    await page.getByRole('heading', { name: 'Renewals', exact: true }).waitFor();
    await page
      .getByRole('row', { name: /Aurora Analytics/ })
      .getByText('¥12,000.00')
      .waitFor();
    await page.getByRole('row', { name: /Borealis Logistics/ }).waitFor();
    await page.getByText('2 renewals · ¥24,000.00 ARR').waitFor();
    await page.getByRole('tab', { name: 'Forecast' }).click();
    await page.getByTestId('forecast-90').getByText('¥18,000.00').waitFor();
    await page.getByText(/No prediction model is available/).waitFor();
  });

  it('sets a category by hand and records a churn with its reason', async () => {
    await page.getByRole('tab', { name: 'Renewals' }).click();
    await pick('category-Aurora Analytics', 'Commit');
    await page
      .getByRole('row', { name: /Aurora Analytics/ })
      .getByText('set by hand')
      .waitFor();

    await page.getByTestId('outcome-Borealis Logistics').click();
    await pick('outcome-select', 'Churned');
    await page.getByTestId('outcome-save').click();
    // A churn needs a reason: the form says so before anything is sent.
    await page.getByText('Choose why the customer left').waitFor();
    await pick('reason-select', 'Competitor');
    await page.getByTestId('outcome-save').click();
    await page.getByText('Outcome recorded').waitFor();
    await page
      .getByRole('row', { name: /Borealis Logistics/ })
      .getByText('Churned')
      .waitFor();
  });

  it('shows the forecast change and the outcome in the report', async () => {
    await page.getByRole('tab', { name: 'Forecast' }).click();
    await page.getByTestId('forecast-90').getByText('¥11,400.00').waitFor();
    await page.getByRole('tab', { name: 'Outcomes' }).click();
    await page
      .getByRole('row', { name: /Competitor/ })
      .getByText('¥12,000.00')
      .first()
      .waitFor();
    const stored = await services.renewals.outcomesReport('2026-01-01', '2026-12-31');
    expect(stored.byReason).toEqual([{ key: 'competitor', count: 1, arrMinor: 1_200_000, newArrMinor: 0 }]);
  });
});
