import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { startSmtpServer } from '../support/smtp.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

/** The month before the browser's today: what the value report tab shows first. */
const lastMonth = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
  new Date(Date.UTC(new Date().getFullYear(), new Date().getMonth() - 1, 1)),
);
const CSM = { email: 'csm@e2e.test', name: 'Casey CSM', password: 'e2e correct horse' };
const MANAGER = { email: 'manager@e2e.test', name: 'Morgan Manager', password: 'e2e correct horse' };
const ADMIN = { email: 'admin@e2e.test', name: 'Avery Admin', password: 'e2e correct horse' };

/**
 * A CSM reads the Activation report — March's cohort of two accounts: one did the key action twice on its
 * first day, the other never, so half reached it by day 0 and the curve is flat from there — and the 90/10
 * view (Acme: 12 people, two of them make 80 of 100 events), and the 90-day rule (the one that did it in its
 * first 90 paid days stayed, the one that never did churned). Then turns on Acme's monthly value report,
 * previews it and sends a test to themself, in English and in Chinese.
 */
describe('activation report and value reports', () => {
  let e: BrowserApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let acme: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    e = await startBrowserApp(
      { TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC', SMTP_URL: smtp.url },
      { jobs: false },
    );
    await e.services.users.create(cliActor, { ...CSM, role: 'csm' });
    await e.services.users.create(cliActor, { ...MANAGER, role: 'cs_manager' });
    await e.services.users.create(cliActor, { ...ADMIN, role: 'admin' });
    const db = e.database.db;
    await e.services.settings.set(cliActor, 'key_behaviour', { event: 'report_created', perWeek: 2 });
    const first = await e.services.accounts.create(cliActor, { name: 'First Co', firstPaidOn: '2026-03-02' });
    await e.services.accounts.create(cliActor, { name: 'Second Co', firstPaidOn: '2026-03-20' });
    // The 90-day rule: First Co (paid over 90 days ago, key action on day 0) stayed; Gone Co (paid in 2025,
    // before the curves' twelve months, never did it) churned. Second Co is not 90 days in yet.
    const gone = await e.services.accounts.create(cliActor, { name: 'Gone Co', firstPaidOn: '2025-01-06' });
    await sql`update accounts set churned_on = '2025-09-01' where id = ${gone.id}::uuid`.execute(db);
    await sql`insert into usage_daily (account_id, day, event, count, users)
      values (${first.id}::uuid, '2026-03-02', 'report_created', 2, 1)`.execute(db);
    acme = (await e.services.accounts.create(cliActor, { name: 'Acme', attributes: { language: 'en' } })).id;
    await sql`update accounts set created_at = '2024-01-01T00:00:00Z' where id = ${acme}::uuid`.execute(db);
    await e.services.contacts.create(cliActor, acme, { name: 'Li Lei', email: 'li.lei@acme.example', isPrimary: true });
    await e.services.contacts.create(cliActor, acme, { name: 'Han Mei', email: 'han.mei@acme.example' });
    for (const [i, events] of [50, 30, ...Array(10).fill(2)].entries())
      await sql`insert into usage_user_daily (account_id, day, person, events, last_seen_at)
        values (${acme}::uuid, '2026-05-20', ${`p${i}`}, ${events}, '2026-05-20T10:00:00Z')`.execute(db);
    // The Usage tab shows its figures once the account has usage in the browser's last 90 days (its own clock).
    await sql`insert into usage_daily (account_id, day, event, count, users)
      values (${acme}::uuid, ${new Date().toISOString().slice(0, 10)}, 'report_viewed', 100, 12)`.execute(db);
    await e.page.setViewportSize({ width: 1280, height: 800 });
  }, 180_000);

  afterAll(async () => {
    await e?.close();
    await smtp?.close();
  });

  async function open(path: string, language: 'en' | 'zh-CN') {
    const { page, baseUrl } = e;
    await page.goto(`${baseUrl}${path}`);
    await page.evaluate((lang) => localStorage.setItem('tenure.lang', lang), language);
    await page.reload();
  }

  it('shows the cohort curves, where they flatten and the 90/10 view in English', async () => {
    await e.signIn(CSM);
    await open('/activation', 'en');
    const page = e.page;
    await page.getByText('Key behaviour by signup month').waitFor();
    await page.getByTestId('activation-chart').locator('canvas').first().waitFor();
    const march = page.getByTestId('activation-table').getByRole('row', { name: /Mar 2026/ });
    await march.getByText('Day 0 (50.0%)').waitFor();
    expect(await march.locator('td').nth(1).textContent()).toBe('2');
    await page.getByTestId('retention-activated').getByText('1 of 1 still customers').waitFor();
    expect(await page.getByTestId('retention-activated').textContent()).toContain('100.0%');
    await page.getByTestId('retention-missed').getByText('0 of 1 still customers').waitFor();
    await page.getByTestId('concentration-list').getByRole('row', { name: /Acme/ }).getByText('80.0%').waitFor();
    await page.getByTestId('concentration-list').getByText('top 2 of 12 people').waitFor();
    await page.getByTestId('activation-horizon').getByText('180 days').click();
    await page.getByTestId('activation-table').getByRole('columnheader', { name: 'By day 180' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  }, 120_000);

  it('says the same in Chinese', async () => {
    await open('/activation', 'zh-CN');
    const page = e.page;
    await page.getByText('按签约月份看关键行为').waitFor();
    await page
      .getByTestId('activation-table')
      .getByRole('row', { name: /2026年3月/ })
      .getByText('第 0 天（50.0%）')
      .waitFor();
    await page.getByText('90 天法则：新手启动与留存').waitFor();
    await page.getByTestId('retention-missed').getByText('1 家中 0 家仍是客户').waitFor();
    await page.getByText('使用最集中的客户').waitFor();
    await page.getByTestId('concentration-list').getByText('12 人中的前 2 人').waitFor();
  }, 120_000);

  it('turns on the monthly value report, previews it and sends a test in English', async () => {
    await open(`/accounts/${acme}`, 'en');
    const page = e.page;
    await page.getByRole('tab', { name: 'Usage' }).click();
    await page.getByTestId('concentration-stat').getByText('80.0%').waitFor();
    await page.getByTestId('tab-valueReport').dispatchEvent('click');
    const tab = page.getByTestId('value-report');
    await tab.getByText('Li Lei <li.lei@acme.example> · English').waitFor();
    await tab.getByText('Also to Han Mei <han.mei@acme.example>').waitFor();
    const toggle = page.getByTestId('value-report-switch');
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.click();
    await page.getByText('Saved').first().waitFor();
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('value-report-preview').click();
    const frame = page.frameLocator('[data-testid=value-report-preview-frame]');
    await frame
      .getByText(`Hello Li Lei, here is what Acme achieved with the product in ${lastMonth}`, { exact: false })
      .waitFor();
    await page.getByText(`To li.lei@acme.example · ${lastMonth}`).waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('value-report-test').click();
    await page.getByText('Test sent to csm@e2e.test').waitFor();
    expect(smtp.mails.map((m) => m.to[0])).toEqual(['csm@e2e.test']);
  }, 120_000);

  it('turns it off again in Chinese', async () => {
    await open(`/accounts/${acme}`, 'zh-CN');
    const page = e.page;
    await page.getByTestId('tab-valueReport').dispatchEvent('click');
    await page.getByText('月度价值报告').waitFor();
    await page.getByTestId('value-report').getByText('同时发给 Han Mei <han.mei@acme.example>').waitFor();
    const toggle = page.getByTestId('value-report-switch');
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await toggle.click();
    await page.getByText('已保存').first().waitFor();
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await page.getByTestId('value-report-preview').click();
    await page
      .frameLocator('[data-testid=value-report-preview-frame]')
      .getByText('Acme', { exact: false })
      .first()
      .waitFor();
  }, 120_000);

  it('lets a manager edit the report email from the tab; Settings → Messages keeps it as a built-in template', async () => {
    await e.signIn(MANAGER);
    await open(`/accounts/${acme}`, 'en');
    const page = e.page;
    await page.getByTestId('tab-valueReport').dispatchEvent('click');
    await page.getByTestId('value-report-edit-template').click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: 'Monthly value report' });
    await drawer.getByRole('tab', { name: 'English' }).click();
    const subject = drawer.getByTestId('subject-en');
    await subject.fill('{{account.name}}: {{report.month}} in numbers');
    await drawer.getByTestId('template-save').click();
    await page.getByText('Saved').first().waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await page.getByTestId('value-report-preview').click();
    await page.locator('.ant-modal-title').getByText(`Acme: ${lastMonth} in numbers`).waitFor();
    await page.keyboard.press('Escape');

    // Settings are the admin's.
    await e.signIn(ADMIN);
    await open('/settings/messages', 'en');
    const row = page.getByRole('row', { name: /Monthly value report/ });
    await row.getByTestId('template-builtin').getByText('Built-in').waitFor();
    expect(await row.getByRole('button', { name: 'Delete' }).count()).toBe(0);
  }, 120_000);
});
