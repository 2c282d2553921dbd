import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const ADMIN = { email: 'admin@e2e.test', name: 'Li Admin', password: 'e2e correct horse' };

/**
 * The admin adds an ICP fit criterion in Settings; the account's fit shows on the 360 and on the handoff
 * tab with each criterion met or not; a CSM-level user assesses its maturity and sees the level and its
 * strategy; then the same in Chinese.
 */
describe('ICP fit and customer maturity', () => {
  let e: BrowserApp;
  let accountId: string;

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC' }, { jobs: false });
    await e.services.users.create(cliActor, { ...ADMIN, role: 'admin' });
    accountId = (await e.services.accounts.create(cliActor, { name: 'Acme Retail', industry: 'Retail' })).id;
    await e.services.handoff.save(cliActor, accountId, {
      answers: { budget: '¥300k approved', need: 'Churn visibility' },
    });
    await e.page.setViewportSize({ width: 1280, height: 900 });
  }, 180_000);

  afterAll(() => e?.close());

  async function language(lang: 'en' | 'zh-CN') {
    await e.page.evaluate((l) => localStorage.setItem('tenure.lang', l), lang);
    await e.page.reload();
  }

  it('configures a criterion, shows the fit on the 360 and the handoff tab, and assesses maturity', async () => {
    const { page, baseUrl } = e;
    await e.signIn(ADMIN);
    await page.goto(`${baseUrl}/settings/fit`);
    await language('en');
    await page.getByText('ICP fit').first().waitFor();
    await expect.poll(() => page.getByTestId('fit-criterion-row').count()).toBe(4);
    await page.getByTestId('fit-add').click();
    const row = page.getByTestId('fit-criterion-row').nth(4);
    await row.getByTestId('fit-values').click();
    await page.keyboard.type('Retail');
    await page.keyboard.press('Enter');
    await row.getByRole('spinbutton').fill('20');
    await page.getByTestId('fit-save').click();
    await page.getByText('Fit criteria saved; every account rescored').waitFor();

    // 25 (budget) + 25 (need) + 20 (Retail) of 120 points: 58, grade C.
    await page.goto(`${baseUrl}/accounts/${accountId}`);
    const card = page.getByTestId('fit-card');
    await card.getByText('Grade C').waitFor();
    await card.getByText('58 / 100 · 70 of 120 points').waitFor();
    expect(await card.getByTestId('fit-criterion-hit').count()).toBe(3);
    expect(await card.getByTestId('fit-criterion-unknown').count()).toBe(2);
    await card.getByText('Industry: one of Retail').waitFor();

    await page.getByRole('tab', { name: 'Handoff' }).click();
    await page.getByRole('tabpanel').getByTestId('fit-card').getByText('Grade C').waitFor();

    const maturity = page.getByTestId('maturity-card');
    await maturity.getByText('Not assessed yet.').waitFor();
    await page.getByTestId('maturity-assess').click();
    for (const [dimension, level] of [
      ['cognition', 3],
      ['strategy', 3],
      ['people', 3],
      ['tools', 4],
    ] as const)
      await page
        .getByTestId(`maturity-${dimension}`)
        .locator('.ant-radio-wrapper')
        .nth(level - 1)
        .click();
    await page.getByTestId('maturity-preview').getByText('Medium').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await maturity.getByTestId('maturity-level').getByText('Medium').waitFor();
    await maturity.getByText('The best target for expansion', { exact: false }).waitFor();
    const saved = await e.services.fit.maturity(accountId);
    expect(saved.current).toMatchObject({ cognition: 3, strategy: 3, people: 3, tools: 4, level: 'medium' });
  }, 120_000);

  it('shows the same in Chinese, and a second assessment adds to the history', async () => {
    const { page } = e;
    await language('zh-CN');
    const maturity = page.getByTestId('maturity-card');
    await maturity.getByTestId('maturity-level').getByText('中等成熟度').waitFor();
    await maturity.getByText('扩展销售最好的对象', { exact: false }).waitFor();
    await page.getByTestId('fit-card').first().getByText('C 级').waitFor();
    await page.getByTestId('maturity-assess').click();
    await page.getByTestId('maturity-tools').locator('.ant-radio-wrapper').nth(0).click();
    await page.getByTestId('maturity-preview').getByText('低成熟度').waitFor();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: '保 存' })
      .or(page.getByRole('dialog').getByRole('button', { name: '保存' }))
      .click();
    await maturity.getByTestId('maturity-level').getByText('低成熟度').waitFor();
    await expect.poll(() => maturity.getByTestId('maturity-history-item').count()).toBe(2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  }, 120_000);
});
