import { describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { SALESFORCE_TOKEN, startSalesforceServer } from '../support/salesforce.js';
import type { BrowserApp } from './browser.js';
import { ADMIN, connectorSettingsSuite } from './connector-settings.js';

/**
 * Settings → Salesforce in Chromium (docs/salesforce.md): an admin enters the instance URL and an access token,
 * the role field and one write-back field, runs "Sync now" against a local server replaying Salesforce's
 * documented REST responses (test/fixtures/salesforce), and reads the run in the sync log, refusals included —
 * in English and in Chinese.
 */
let b: BrowserApp;
let sf: Awaited<ReturnType<typeof startSalesforceServer>>;

const { open } = connectorSettingsSuite('salesforce', startSalesforceServer, async (app, server) => {
  b = app;
  sf = server;
  // Entered by hand before the CRM: Salesforce's Initech has its domain and is refused, not doubled.
  await app.services.accounts.create(cliActor, { name: 'Initech Ltd', externalId: 'INI-1', domain: 'initech.example' });
});

describe('Salesforce settings in the browser', () => {
  it('saves the connection and mapping, syncs now and shows the run in the log, in English and Chinese', async () => {
    const { page } = b;
    await b.signIn(ADMIN);
    await open('en');
    await page.getByTestId('salesforce-log').getByText('No sync yet').waitFor();
    // Without an instance URL the form names the field and sends nothing.
    await page.getByTestId('salesforce-save').click();
    await page.getByText('Enter the instance URL').waitFor();

    await page.getByTestId('salesforce-base-url').fill(sf.url);
    await page.getByTestId('salesforce-token').fill(SALESFORCE_TOKEN);
    await page.getByTestId('salesforce-role-field').fill('Buying_Role__c');
    await page.getByTestId('salesforce-multi-currency').click();
    await page.getByTestId('salesforce-write-healthScore').fill('Tenure_Health_Score__c');
    await page.getByTestId('salesforce-save').click();
    // The token is never shown back: only its last four characters.
    await page.getByText('A token ending …1234 is kept; leave empty to keep it').waitFor();
    expect(await page.getByTestId('salesforce-token').inputValue()).toBe('');
    expect(await page.getByTestId('salesforce-write-healthScore').inputValue()).toBe('Tenure_Health_Score__c');

    await page.getByTestId('salesforce-test').click();
    await expect.poll(() => page.getByTestId('salesforce-test-result').textContent()).toContain('Connected');

    await page.getByTestId('salesforce-sync').click();
    const log = page.getByTestId('salesforce-log');
    await log.getByText('Succeeded').waitFor();
    const row = log.locator('tbody tr.ant-table-row').first();
    // Read 10, new 7, updated 0, removed 0, refused 4 (Initech's domain, deleted Umbrella, a contact without
    // Account, one of Initech), written back 2 (the health scores Salesforce holds, 50 and 40, cleared: Tenure has none yet).
    expect((await row.locator('td').allTextContents()).slice(-6)).toEqual(['10', '7', '0', '0', '4', '2']);
    await row.locator('.ant-table-row-expand-icon').click();
    await expect
      .poll(() => log.getByTestId('salesforce-runs-refusals').textContent())
      .toContain('Company “Initech” has domain initech.example');

    await open('zh-CN');
    await page.getByTestId('salesforce-log').getByText('成功').waitFor();
    expect(await page.getByTestId('salesforce-connection').textContent()).toContain('实例地址');
    await page.getByTestId('salesforce-log').locator('.ant-table-row-expand-icon').first().click();
    await expect
      .poll(() => page.getByTestId('salesforce-runs-refusals').textContent())
      .toContain('公司“Initech”的域名 initech.example 已属于客户“Initech Ltd”');
    expect(await page.getByTestId('salesforce-log').textContent()).toContain('已回写');
  });
});
