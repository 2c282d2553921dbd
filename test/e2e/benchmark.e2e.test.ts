import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const CSM = { email: 'csm@e2e.test', name: 'Casey CSM', password: 'e2e correct horse' };

/**
 * A CSM opens the peer benchmark on the Customer 360 of a Retail customer with six Retail peers: its
 * health of 60 is ahead of half of them (two below, one level); its active users are hidden because only
 * three peers have the figure. Then among all customers, and in Chinese.
 */
describe('peer benchmark on the Customer 360', () => {
  let e: BrowserApp;
  let accountId: string;

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC' }, { jobs: false });
    await e.services.users.create(cliActor, { ...CSM, role: 'csm' });
    const rows: [string, string, number | null, number | null][] = [
      ['Acme Retail', 'Retail', 60, 10],
      ['Peer One', 'Retail', 40, 5],
      ['Peer Two', 'Retail', 50, 5],
      ['Peer Three', 'Retail', 60, 20],
      ['Peer Four', 'Retail', 70, null],
      ['Peer Five', 'Retail', 80, null],
      ['Peer Six', 'Retail', null, null],
      ['Bank', 'Finance', 99, 50],
    ];
    for (const [name, industry, health, users] of rows) {
      const { id } = await e.services.accounts.create(cliActor, { name, industry });
      if (name === 'Acme Retail') accountId = id;
      await sql`update account_facts set health_score = ${health}, active_users_30d = ${users}
        where account_id = ${id}::uuid`.execute(e.database.db);
    }
    await e.page.setViewportSize({ width: 1280, height: 800 });
  }, 180_000);

  afterAll(() => e?.close());

  async function openBenchmark(language: 'en' | 'zh-CN') {
    const { page, baseUrl } = e;
    await page.goto(`${baseUrl}/accounts/${accountId}`);
    await page.evaluate((lang) => localStorage.setItem('tenure.lang', lang), language);
    await page.reload();
    // The tab sits at the edge of the overflowing tab bar, which settles its scroll offset after the first
    // render: a pointer click at that moment can miss, so the tab gets the click event itself.
    await page.getByTestId('tab-benchmark').dispatchEvent('click');
    await page.getByTestId('benchmark-tab').waitFor();
    return page.getByTestId('benchmark-tab');
  }
  const row = (name: string) =>
    e.page.getByTestId('benchmark-table').getByRole('row', { name: new RegExp(`^${name}`) });

  it('ranks the account among its industry in English, hiding a figure too few peers have', async () => {
    await e.signIn(CSM);
    const tab = await openBenchmark('en');
    await tab.getByText('Compared with 6 other accounts in Retail').waitFor();
    await row('Health score').getByText('ahead of 50%').waitFor();
    expect(await row('Health score').locator('td').nth(1).textContent()).toBe('60.0');
    await row('Active users \\(30 days\\)').getByText('Hidden: only 3 peers have it').waitFor();
    await tab.getByText('at least 5 other accounts have it', { exact: false }).waitFor();
    // Among everyone: Bank's 99 joins the peers — two below, one level of six → ahead of 42%.
    await e.page.getByTestId('benchmark-group').getByText('All customers').click();
    await tab.getByText('Compared with all 7 other customers').waitFor();
    await row('Health score').getByText('ahead of 42%').waitFor();
  }, 120_000);

  it('says the same in Chinese, and what to fill in when the account has no size', async () => {
    const tab = await openBenchmark('zh-CN');
    await tab.getByText('与Retail行业的其他 6 个客户对比').waitFor();
    await row('健康分').getByText('领先 50%').waitFor();
    await row('活跃用户（30 天）').getByText('已隐藏：仅 3 个同行有此数据').waitFor();
    await e.page.getByTestId('benchmark-group').getByText('同规模').click();
    await tab.getByText('该客户未填写员工人数：在详情中填写后即可与同规模客户对比。').waitFor();
    // Nothing spills sideways at 1280 px.
    expect(await e.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  }, 120_000);
});
