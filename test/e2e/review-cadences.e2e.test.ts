import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const ADMIN = { email: 'admin@e2e.test', name: 'Ada Admin', password: 'e2e correct horse' };
const CSM = { email: 'csm@e2e.test', name: 'Casey CSM', password: 'e2e correct horse' };

/**
 * Settings → Business reviews (docs/business-reviews.md): the admin changes the high-touch cadence; a month count
 * the API refuses shows the server's reason on the field; the saved value is kept after a reload; and the CSM's
 * account whose last review is older than the new cadence now shows its review as overdue on the 360 — in
 * English (quarterly → every 2 months), then in Chinese (→ every month).
 *
 * The day is 15 June 2026. Acme's last review was 10 April (due 10 July quarterly, 10 June every 2 months);
 * Globex's 10 May (due 10 July every 2 months, 10 June monthly).
 */
describe('business review cadence settings', () => {
  let e: BrowserApp;
  let acme: string;
  let globex: string;

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC' }, { jobs: false });
    await e.services.users.create(cliActor, { ...ADMIN, role: 'admin' });
    const csm = await e.services.users.create(cliActor, { ...CSM, role: 'csm' });
    for (const [name, lastReview] of [
      ['Acme', '2026-04-10'],
      ['Globex', '2026-05-10'],
    ] as const) {
      const { id } = await e.services.accounts.create(cliActor, {
        name,
        tier: 'high_touch',
        firstPaidOn: '2025-12-01',
        ownerId: csm.id,
      });
      await e.services.timeline.add(cliActor, id, {
        type: 'qbr',
        subject: null,
        body: null,
        occurredAt: `${lastReview}T12:00:00Z`,
        data: { kind: 'qbr' },
      });
      if (name === 'Acme') acme = id;
      else globex = id;
    }
  }, 180_000);

  afterAll(() => e?.close());

  async function open(page: Page, path: string, language: 'en' | 'zh-CN') {
    await page.goto(`${e.baseUrl}${path}`);
    await page.evaluate((lang) => localStorage.setItem('tenure.lang', lang), language);
    await page.reload();
  }

  const highTouch = (page: Page) => page.getByTestId('cadence-high_touch');
  const months = (page: Page) => highTouch(page).getByTestId('cadence-months');

  /** The 360's Business review tab of an account, as the CSM sees it. */
  async function reviewTab(page: Page, accountId: string, language: 'en' | 'zh-CN') {
    await open(page, `/accounts/${accountId}`, language);
    await page.getByTestId('tab-reviews').dispatchEvent('click');
    await page.getByTestId('reviews-tab').waitFor();
    return page.getByTestId('reviews-tab');
  }

  async function setHighTouch(page: Page, value: string) {
    await months(page).fill(value);
    await page.getByTestId('cadence-save').click();
  }

  it('saves every 2 months for high touch in English; the CSM’s account is now overdue', async () => {
    const { page } = e;
    await e.signIn(CSM);
    const before = await reviewTab(page, acme, 'en');
    await before.getByText('Every 3 months, QBR').waitFor();
    expect(await before.getByTestId('review-due').textContent()).toBe('2026-07-10');
    expect(await before.getByText('The business review is overdue').count()).toBe(0);

    await e.signIn(ADMIN);
    await open(page, '/settings/reviews', 'en');
    await page.getByText('Business review cadence').first().waitFor();
    expect(await months(page).inputValue()).toBe('3');
    await highTouch(page).getByText('Every 3 months, QBR').waitFor(); // the default
    await page.getByTestId('cadence-tech_touch').getByText('No business reviews').waitFor();

    // The API allows 1–24 months: its refusal is shown on the field, in the page's language.
    await setHighTouch(page, '30');
    const refusal = highTouch(page).locator('.ant-form-item-explain-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/24/);
    expect(await refusal.textContent()).toMatch(/too big/i);

    await setHighTouch(page, '2');
    await page.locator('.ant-message-notice').getByText('Saved').waitFor();
    expect(await refusal.count()).toBe(0);
    await page.reload();
    await highTouch(page).waitFor();
    expect(await months(page).inputValue()).toBe('2');

    await e.signIn(CSM);
    const tab = await reviewTab(page, acme, 'en');
    await tab.getByText('The business review is overdue').waitFor();
    await tab.getByText('Every 2 months, QBR').waitFor();
    expect(await tab.getByTestId('review-due').textContent()).toBe('2026-06-10');
    // Globex's last review is recent enough for every 2 months.
    const other = await reviewTab(page, globex, 'en');
    await other.getByText('Every 2 months, QBR').waitFor();
    expect(await other.getByTestId('review-due').textContent()).toBe('2026-07-10');
    expect(await other.getByText('The business review is overdue').count()).toBe(0);
  }, 120_000);

  it('saves every month for high touch in Chinese; the other account is now overdue', async () => {
    const { page } = e;
    await e.signIn(ADMIN);
    await open(page, '/settings/reviews', 'zh-CN');
    await page.getByText('业务回顾频率').first().waitFor();
    await highTouch(page).getByText('每 3 个月一次，QBR').waitFor(); // the default
    expect(await months(page).inputValue()).toBe('2');

    await setHighTouch(page, '0');
    const refusal = highTouch(page).locator('.ant-form-item-explain-error');
    await refusal.waitFor();
    // The server's message in Chinese (zod's zh-CN wording), not the English one.
    expect(await refusal.textContent()).toMatch(/[\u4e00-\u9fff]/);
    expect(await refusal.textContent()).toMatch(/1/);

    await setHighTouch(page, '1');
    await page.locator('.ant-message-notice').getByText('已保存').waitFor();
    await page.reload();
    await highTouch(page).waitFor();
    expect(await months(page).inputValue()).toBe('1');

    await e.signIn(CSM);
    const tab = await reviewTab(page, globex, 'zh-CN');
    await tab.getByText('业务回顾已逾期').waitFor();
    await tab.getByText('每 1 个月一次，QBR').waitFor(); // Chinese has no singular form
    expect(await tab.getByTestId('review-due').textContent()).toBe('2026-06-10');
  }, 120_000);

  it('is not offered to a CSM, whom the API would refuse', async () => {
    const { page } = e;
    await e.signIn(CSM);
    await open(page, '/settings/reviews', 'en');
    await page.locator('.ant-result-403').waitFor();
    expect(await page.getByTestId('cadence-save').count()).toBe(0);
    expect(await page.getByTestId('side-nav').getByText('Business reviews').count()).toBe(0);
  }, 60_000);
});
