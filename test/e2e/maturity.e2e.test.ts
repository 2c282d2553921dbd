import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const MANAGER = { email: 'manager@e2e.test', name: 'Morgan Manager', password: 'e2e correct horse' };

/**
 * The CS leader opens the maturity self-assessment from the Team page, rates the eight practices, saves,
 * and sees the radar, the next step of each practice and the history; then a second assessment in Chinese
 * starts from the first one's answers.
 */
describe('CS maturity self-assessment', () => {
  let e: BrowserApp;

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC' }, { jobs: false });
    await e.services.users.create(cliActor, { ...MANAGER, role: 'cs_manager' });
    await e.page.setViewportSize({ width: 1280, height: 800 });
  }, 180_000);

  afterAll(() => e?.close());

  async function open(language: 'en' | 'zh-CN', button: string) {
    const { page, baseUrl } = e;
    await page.goto(`${baseUrl}/team`);
    await page.evaluate((lang) => localStorage.setItem('tenure.lang', lang), language);
    await page.reload();
    await page.getByTestId('team-maturity').getByText(button).click();
    await page.waitForURL(`${baseUrl}/team/maturity`);
  }
  const pick = (practice: string, level: number) =>
    e.page
      .getByTestId(`maturity-${practice}`)
      .locator('.ant-radio-wrapper')
      .nth(level - 1)
      .click();

  it('rates the eight practices in English and shows the profile, the next steps and the history', async () => {
    const { page } = e;
    await e.signIn(MANAGER);
    await open('en', 'CS maturity');
    await page.getByText('No assessment yet', { exact: false }).waitFor();
    // Saving with a practice left out names it.
    await page.getByTestId('maturity-save').click();
    await expect.poll(() => page.getByText('Pick a level').count()).toBe(8);
    const levels = { segmentation: 2, lifecycle: 3, risk: 3, value: 1, data: 4, health: 5, expansion: 2, advocacy: 1 };
    for (const [practice, level] of Object.entries(levels)) await pick(practice, level);
    await page.getByTestId('maturity-save').click();
    await page.getByText('Saved').first().waitFor();
    await page.getByText('Latest: 21 / 40', { exact: false }).waitFor();
    await page.getByTestId('maturity-radar').locator('canvas').waitFor();
    const steps = page.getByTestId('maturity-next-steps');
    await steps.getByText('Next: Customer goals tracked in one place').waitFor();
    await steps.getByText('At the top level: keep it there.').waitFor();
    await page.getByTestId('maturity-history').getByText('21 / 40').waitFor();
    const saved = await e.services.audit.list({ entity: 'maturity_assessment', page: 1, pageSize: 5 });
    expect(saved.items[0]?.after).toMatchObject({ levels });
  }, 120_000);

  it('starts the next assessment from the last answers, in Chinese', async () => {
    const { page } = e;
    await open('zh-CN', '客户成功成熟度');
    await page.getByText('最近一次：21 / 40', { exact: false }).waitFor();
    await page.getByTestId('maturity-next-steps').getByText('下一步：有统一的地方记录客户目标').waitFor();
    await pick('value', 3);
    await page.getByTestId('maturity-save').click();
    await page.getByText('最近一次：23 / 40', { exact: false }).waitFor();
    await expect.poll(() => page.getByTestId('maturity-history').locator('tbody tr').count()).toBe(2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  }, 120_000);
});
