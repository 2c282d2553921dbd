import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const CSM = { email: 'csm@e2e.test', name: 'Casey CSM', password: 'e2e correct horse' };

/**
 * A CSM adds an objective on the Success plan tab of the 360 — active users over 30 days at least 4, where
 * two people were active (50 %) — sees its progress, shares the plan, and the customer opens the link in a
 * fresh browser context without signing in; in English, then in Chinese. Revoking makes the page gone.
 */
describe('success plan on the Customer 360', () => {
  let e: BrowserApp;
  let accountId: string;

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC' }, { jobs: false });
    await e.services.users.create(cliActor, { ...CSM, role: 'csm' });
    accountId = (await e.services.accounts.create(cliActor, { name: 'Acme' })).id;
    const at = new Date('2026-06-10T08:00:00Z');
    await e.database.db
      .insertInto('usage_user_daily')
      .values([
        { account_id: accountId, day: '2026-06-10', person: 'p1', events: 3, last_seen_at: at },
        { account_id: accountId, day: '2026-06-12', person: 'p2', events: 1, last_seen_at: at },
      ])
      .execute();
  }, 180_000);

  afterAll(() => e?.close());

  async function openTab(language: 'en' | 'zh-CN') {
    const { page, baseUrl } = e;
    await page.goto(`${baseUrl}/accounts/${accountId}`);
    await page.evaluate((lang) => localStorage.setItem('tenure.lang', lang), language);
    await page.reload();
    // The tab sits at the edge of the overflowing tab bar, under its scroll shadow: a pointer click there
    // lands on the shadow, so the tab gets the click event itself.
    await page.getByTestId('tab-success-plan').dispatchEvent('click');
    await page.getByTestId('success-plan').waitFor();
    return page.getByTestId('success-plan');
  }

  async function addObjective(title: string, metric: string) {
    const { page } = e;
    await page.getByTestId('objective-add').click();
    await page.getByTestId('objective-title').fill(title);
    await page.getByTestId('objective-metric').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: metric }).click();
    await page.getByTestId('objective-target').fill('4');
    await page.getByTestId('objective-save').click();
  }

  async function share() {
    await e.page.getByTestId('share-create').click();
    const url = (await e.page.getByTestId('share-url').textContent())?.trim() ?? '';
    expect(url).toContain('/shared/plans/tsp_');
    return url;
  }

  async function openAsCustomer(url: string, lang: string) {
    const context = await e.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const response = await page.goto(`${url}?lang=${lang}`);
    return { context, page, status: response?.status() };
  }

  it('adds an objective, shows its progress and shares it in English', async () => {
    await e.signIn(CSM);
    const tab = await openTab('en');
    await addObjective('Team live', 'Active users (30 days)');
    const card = tab.getByTestId('objective-card').filter({ hasText: 'Team live' });
    await card.getByText('Active users (30 days) ≥ 4 · now 2').waitFor();
    await card.locator('.ant-progress').getByText('50%').waitFor();
    const url = await share();
    const customer = await openAsCustomer(url, 'en');
    expect(customer.status).toBe(200);
    await customer.page.getByRole('heading', { name: 'Success plan — Acme' }).waitFor();
    await customer.page.getByText('Team live').waitFor();
    await customer.page.getByText('Now: 2').waitFor();
    expect(await customer.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await customer.context.close();
  }, 120_000);

  it('does the same in Chinese, and a revoked link is gone', async () => {
    const tab = await openTab('zh-CN');
    await addObjective('全员上线', '活跃用户（30 天）');
    const card = tab.getByTestId('objective-card').filter({ hasText: '全员上线' });
    await card.getByText('活跃用户（30 天） ≥ 4 · 当前 2').waitFor();
    const url = await share();
    const customer = await openAsCustomer(url, 'zh-CN');
    await customer.page.getByRole('heading', { name: '成功计划 — Acme' }).waitFor();
    await customer.page.getByText('全员上线').waitFor();
    await e.page.getByTestId('share-revoke').click();
    await e.page.locator('.ant-popconfirm:visible .ant-btn-primary').click();
    await e.page.getByTestId('share-revoke').waitFor({ state: 'detached' });
    const reload = await customer.page.reload();
    expect(reload?.status()).toBe(410);
    await customer.page.getByText('此链接已失效').waitFor();
    await customer.context.close();
  }, 120_000);
});
