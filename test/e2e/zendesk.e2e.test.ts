import { describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { startZendeskServer, ZENDESK_EMAIL, ZENDESK_TOKEN } from '../support/zendesk.js';
import type { BrowserApp } from './browser.js';
import { ADMIN, connectorSettingsSuite } from './connector-settings.js';

/**
 * Settings → Zendesk in Chromium (docs/zendesk.md): an admin saves the connection, runs "Sync now" against a
 * local server replaying Zendesk's documented responses (test/fixtures/zendesk), and reads the run in the
 * sync log, refusals included — in English and in Chinese.
 */
let b: BrowserApp;
let zendesk: Awaited<ReturnType<typeof startZendeskServer>>;

const { open } = connectorSettingsSuite('zendesk', startZendeskServer, async (app, server) => {
  b = app;
  zendesk = server;
  await app.services.accounts.create(cliActor, { name: 'Acme Robotics', externalId: 'ACME-1' });
  await app.services.accounts.create(cliActor, { name: 'Globex', domain: 'globex.example' });
});

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

    // Sync from the start, after a confirmation: a second run reads all 7 again, of which nothing is new.
    await page.getByTestId('zendesk-sync-from-start').click();
    await page.locator('.ant-popconfirm').getByText('Reads every record again', { exact: false }).waitFor();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect.poll(() => log.locator('tbody tr.ant-table-row').count()).toBe(2);
    expect((await log.locator('tbody tr.ant-table-row').first().locator('td').allTextContents()).slice(-5)).toEqual([
      '7',
      '1',
      '0',
      '1',
      '2',
    ]);

    await open('zh-CN');
    await page.getByTestId('zendesk-log').getByText('成功').first().waitFor();
    await page.getByTestId('zendesk-log').locator('.ant-table-row-expand-icon').first().click();
    await expect
      .poll(() => page.getByTestId('zendesk-refusals').textContent())
      .toContain('组织“Initech”没有对应的客户');
    expect(await page.getByTestId('zendesk-log').textContent()).toContain('立即同步');
  });
});
