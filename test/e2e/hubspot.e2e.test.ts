import { describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { HUBSPOT_TOKEN, startHubSpotServer } from '../support/hubspot.js';
import type { BrowserApp } from './browser.js';
import { ADMIN, connectorSettingsSuite } from './connector-settings.js';

/**
 * Settings → HubSpot in Chromium (docs/hubspot.md): an admin pastes the private app's token, opts into one
 * write-back field, runs "Sync now" against a local server replaying HubSpot's documented responses
 * (test/fixtures/hubspot), and reads the run in the sync log, refusals included — in English and in Chinese.
 */
let b: BrowserApp;
let hubspot: Awaited<ReturnType<typeof startHubSpotServer>>;

const { open } = connectorSettingsSuite('hubspot', startHubSpotServer, async (app, server) => {
  b = app;
  hubspot = server;
  // Entered by hand before the CRM: HubSpot's Initech has its domain and is refused, not doubled.
  await app.services.accounts.create(cliActor, { name: 'Initech Ltd', externalId: 'INI-1', domain: 'initech.example' });
});

describe('HubSpot settings in the browser', () => {
  it('saves the token and mapping, syncs now and shows the run in the log, in English and Chinese', async () => {
    const { page } = b;
    await b.signIn(ADMIN);
    await open('en');
    await page.getByTestId('hubspot-log').getByText('No sync yet').waitFor();
    expect(await page.getByTestId('hubspot-role-property').inputValue()).toBe('hs_buying_role');
    await page.getByTestId('hubspot-token').fill(HUBSPOT_TOKEN);
    await page.getByTestId('hubspot-base-url').fill(hubspot.url);
    await page.getByTestId('hubspot-write-healthScore').fill('tenure_health_score');
    await page.getByTestId('hubspot-save').click();
    // The token is never shown back: only its last four characters.
    await page.getByText('A token ending …1234 is kept; leave empty to keep it').waitFor();
    expect(await page.getByTestId('hubspot-token').inputValue()).toBe('');
    expect(await page.getByTestId('hubspot-write-healthScore').inputValue()).toBe('tenure_health_score');

    await page.getByTestId('hubspot-test').click();
    await expect.poll(() => page.getByTestId('hubspot-test-result').textContent()).toContain('Connected');

    await page.getByTestId('hubspot-sync').click();
    const log = page.getByTestId('hubspot-log');
    await log.getByText('Succeeded').waitFor();
    const row = log.locator('tbody tr.ant-table-row').first();
    // Read 10, new 7, updated 0, removed 0, refused 4 (Initech's domain, a contact without company, one of
    // Initech, deleted Umbrella), written back 2 (the health scores HubSpot holds, 50 and 40, cleared: Tenure has none yet).
    expect((await row.locator('td').allTextContents()).slice(-6)).toEqual(['10', '7', '0', '0', '4', '2']);
    await row.locator('.ant-table-row-expand-icon').click();
    await expect
      .poll(() => log.getByTestId('hubspot-runs-refusals').textContent())
      .toContain('Company “Initech” has domain initech.example');

    await open('zh-CN');
    await page.getByTestId('hubspot-log').getByText('成功').waitFor();
    await page.getByTestId('hubspot-log').locator('.ant-table-row-expand-icon').first().click();
    await expect
      .poll(() => page.getByTestId('hubspot-runs-refusals').textContent())
      .toContain('公司“Initech”的域名 initech.example 已属于客户“Initech Ltd”');
    expect(await page.getByTestId('hubspot-log').textContent()).toContain('已回写');
  });
});
