import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const ADMIN = { email: 'usage@e2e.test', name: 'Usage Admin', password: 'e2e correct horse' };

/** Events sent through the tracking API show up on the Customer 360 page, the Events page and the write keys page. */
describe('product usage end to end', () => {
  let built: BrowserApp;
  let page: Page;
  let baseUrl: string;
  let accountId: string;

  beforeAll(async () => {
    // The real clock: the page shows the browser's last 90 days.
    built = await startBrowserApp({ TENURE_TIMEZONE: 'UTC' });
    ({ page, baseUrl } = built);
    await built.services.users.create(cliActor, { ...ADMIN, role: 'admin' });

    const { key } = await built.services.writeKeys.create(cliActor, { name: 'web app' });
    const now = Date.now();
    const batch = [
      { type: 'group', userId: 'cara', groupId: 'acme', traits: { name: 'Acme Robotics' } },
      { type: 'identify', userId: 'cara', traits: { name: 'Cara Lin', email: 'cara@acme.test' } },
      ...Array.from({ length: 12 }, (_, i) => ({
        type: 'track',
        userId: i % 3 ? 'cara' : 'dev-7',
        event: 'Report Viewed',
        context: { groupId: 'acme' },
        timestamp: new Date(now - (i % 4) * 86_400_000).toISOString(),
      })),
    ];
    const response = await fetch(`${baseUrl}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ writeKey: key, batch }),
    });
    expect(response.status).toBe(200);
    await built.processor.runNow();
    accountId = (
      await built.services.accounts.list({
        externalId: 'acme',
        page: 1,
        pageSize: 1,
        sort: 'name',
        order: 'asc',
        match: 'all',
        filters: [],
      })
    ).items[0]!.id;
    await built.signIn(ADMIN);
  });

  afterAll(() => built?.close());

  it('shows the account’s usage chart and who used the product on the Customer 360 page', async () => {
    await page.goto(`${baseUrl}/accounts/${accountId}`);
    await page.getByText('Acme Robotics').first().waitFor();
    await page.getByRole('tab', { name: 'Usage' }).click();
    await page.getByTestId('usage-chart').locator('canvas').waitFor();
    const people = page.getByRole('table').last();
    await people.getByText('Cara Lin').waitFor();
    await people.getByText('dev-7').first().waitFor();
    expect(await page.getByText('Events, last 30 days').count()).toBe(1);
  });

  it('maps an event to a core product module on the Events page', async () => {
    await page.getByTestId('side-nav').getByText('Events').click();
    await page.getByTestId('event-catalogue').getByText('Report Viewed').waitFor();
    await page.getByRole('button', { name: 'Add module' }).click();
    await page.getByLabel('key').fill('reporting');
    await page.getByLabel('Name').fill('Reporting');
    await page.getByRole('switch').click();
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByText('Saved').first().waitFor();
    await page.getByRole('combobox', { name: 'Product module for Report Viewed' }).click();
    await page.locator('.ant-select-item-option').getByText('Reporting').click();
    await page
      .getByTestId('event-catalogue')
      .getByRole('row', { name: /Report Viewed/ })
      .locator('.ant-tag', { hasText: 'Core' })
      .waitFor();
    const catalogue = await built.services.usage.catalogue();
    expect(catalogue.find((e) => e.event === 'Report Viewed')?.module).toBe('reporting');
  });

  it('creates a write key, shows it once, and revokes it', async () => {
    await page.goto(`${baseUrl}/settings/keys`);
    await page.getByTestId('write-key-create').click();
    await page.getByRole('dialog').getByLabel('Name').fill('Segment');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    const secret = (await page.getByTestId('write-key-secret').innerText()).trim();
    expect(secret).toMatch(/^twk_/);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await page
      .getByRole('row', { name: /Segment/ })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Revoke' }).click();
    await page
      .getByRole('row', { name: /Segment/ })
      .getByText('Revoked')
      .waitFor();
    const refused = await fetch(`${baseUrl}/v1/track`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${secret}:`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ userId: 'x', event: 'y' }),
    });
    expect(refused.status).toBe(401);
  });
});
