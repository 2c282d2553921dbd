import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { startZendeskServer, ZENDESK_EMAIL, ZENDESK_TOKEN } from '../support/zendesk.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

/**
 * Settings → Zendesk in Chromium (docs/zendesk.md): an admin saves the connection, runs "Sync now" against a
 * local server replaying Zendesk's documented responses (test/fixtures/zendesk), and reads the run in the
 * sync log, refusals included — in English and in Chinese.
 */
const ADMIN = { email: 'admin@corp.test', name: 'Ada Admin', password: 'admin password, long' };
let b: BrowserApp;
let zendesk: Awaited<ReturnType<typeof startZendeskServer>>;

beforeAll(async () => {
  zendesk = await startZendeskServer();
  // No queue: "Sync now" runs the sync before it answers, so the log has the run when the page refreshes it.
  b = await startBrowserApp({}, { jobs: false });
  await b.services.users.create(cliActor, { ...ADMIN, role: 'admin' });
  await b.services.accounts.create(cliActor, { name: 'Acme Robotics', externalId: 'ACME-1' });
  await b.services.accounts.create(cliActor, { name: 'Globex', domain: 'globex.example' });
}, 300_000);
afterAll(async () => {
  await b?.close();
  await zendesk?.close();
});

async function open(language: 'en' | 'zh-CN') {
  const { page, baseUrl } = b;
  await page.goto(`${baseUrl}/`);
  await page.evaluate((lang) => localStorage.setItem('tenure.lang', lang), language);
  await page.goto(`${baseUrl}/settings/zendesk`);
}

describe('Zendesk settings in the browser', () => {
  it('saves the connection, syncs now and shows the run in the log, in English and Chinese', async () => {
    const { page } = b;
    await b.signIn(ADMIN);
    await open('en');
    await page.getByTestId('zendesk-log').getByText('No sync yet').waitFor();
    await page.getByTestId('zendesk-base-url').fill(zendesk.url);
    await page.getByTestId('zendesk-email').fill(ZENDESK_EMAIL);
    await page.getByTestId('zendesk-token').fill(ZENDESK_TOKEN);
    await page.getByTestId('zendesk-enabled').click();
    await page.getByTestId('zendesk-save').click();
    // The token is never shown back: only its last four characters.
    await page.getByText('A token ending …1234 is kept; leave empty to keep it').waitFor();
    expect(await page.getByTestId('zendesk-token').inputValue()).toBe('');

    await page.getByTestId('zendesk-test').click();
    await expect.poll(() => page.getByTestId('zendesk-test-result').textContent()).toContain('Connected');

    await page.getByTestId('zendesk-sync').click();
    const log = page.getByTestId('zendesk-log');
    await log.getByText('Succeeded').waitFor();
    const row = log.locator('tbody tr.ant-table-row').first();
    // Read 7, new 4 (Acme 1, 4 and 5, Globex 2), removed 1 (5, deleted in Zendesk on page 2), refused 2.
    expect((await row.locator('td').allTextContents()).slice(-5)).toEqual(['7', '4', '0', '1', '2']);
    await row.locator('.ant-table-row-expand-icon').click();
    await expect
      .poll(() => log.getByTestId('zendesk-refusals').textContent())
      .toContain('Organisation “Initech” matches no account');

    await open('zh-CN');
    await page.getByTestId('zendesk-log').getByText('成功').waitFor();
    await page.getByTestId('zendesk-log').locator('.ant-table-row-expand-icon').first().click();
    await expect
      .poll(() => page.getByTestId('zendesk-refusals').textContent())
      .toContain('组织“Initech”没有对应的客户');
    expect(await page.getByTestId('zendesk-log').textContent()).toContain('立即同步');
  });
});
