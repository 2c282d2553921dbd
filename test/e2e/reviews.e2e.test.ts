import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const CSM = { email: 'csm@e2e.test', name: 'Casey CSM', password: 'e2e correct horse' };

/**
 * A CSM opens the Business review tab of the 360 (docs/business-reviews.md): the quarterly review is overdue,
 * they log it, the next due date moves three months on, and they download the deck as PDF and PPTX — in
 * English, then in Chinese (the language chosen next to the buttons).
 */
describe('business review on the Customer 360', () => {
  let e: BrowserApp;
  let accountId: string;

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC' }, { jobs: false });
    await e.services.users.create(cliActor, { ...CSM, role: 'csm' });
    accountId = (
      await e.services.accounts.create(cliActor, { name: 'Acme', tier: 'high_touch', firstPaidOn: '2026-03-10' })
    ).id;
  }, 180_000);

  afterAll(() => e?.close());

  async function openTab(language: 'en' | 'zh-CN') {
    const { page, baseUrl } = e;
    // The server's day is 15 June 2026 (TENURE_NOW): the browser's date picker starts on the same day.
    await page.clock.setFixedTime(new Date('2026-06-15T10:00:00Z'));
    await page.goto(`${baseUrl}/accounts/${accountId}`);
    await page.evaluate((lang) => localStorage.setItem('tenure.lang', lang), language);
    await page.reload();
    await page.getByTestId('tab-reviews').dispatchEvent('click');
    await page.getByTestId('reviews-tab').waitFor();
    return page.getByTestId('reviews-tab');
  }

  async function download(testId: string, lang: 'en' | 'zh-CN', ext: string) {
    const [file] = await Promise.all([e.page.waitForEvent('download'), e.page.getByTestId(testId).click()]);
    expect(file.suggestedFilename()).toBe(`business-review-2026-06-15-${lang}.${ext}`);
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    expect(body.subarray(0, 4).toString('latin1')).toBe(ext === 'pdf' ? '%PDF' : 'PK\u0003\u0004');
  }

  it('logs the overdue review and downloads the deck in English', async () => {
    await e.signIn(CSM);
    const tab = await openTab('en');
    await tab.getByText('The business review is overdue').waitFor();
    expect(await tab.getByTestId('review-due').textContent()).toBe('2026-06-10');
    await tab.getByTestId('log-review').click();
    await e.page.locator('.ant-modal').getByLabel('Subject').fill('Q2 review');
    await e.page.locator('.ant-modal').getByRole('button', { name: 'OK' }).click();
    await tab.getByText('Q2 review').waitFor();
    await e.page.waitForFunction(
      () => document.querySelector('[data-testid="review-due"]')?.textContent === '2026-09-15',
    );
    await e.page.getByTestId('deck-language').click();
    await e.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'English' }).click();
    await download('download-pdf', 'en', 'pdf');
    await download('download-pptx', 'en', 'pptx');
  });

  it('downloads the deck in Chinese', async () => {
    const tab = await openTab('zh-CN');
    await tab.getByText('下次回顾到期').waitFor();
    await e.page.getByTestId('deck-language').click();
    await e.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '中文' }).click();
    await download('download-pdf', 'zh-CN', 'pdf');
    await download('download-pptx', 'zh-CN', 'pptx');
  });
});
