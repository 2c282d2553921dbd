import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const ADMIN = { email: 'admin@e2e.test', name: 'E2E Admin', password: 'e2e correct horse' };

describe('web UI end to end', () => {
  let e: BrowserApp;
  let page: Page;
  let baseUrl: string;
  const note = `Kickoff call went well — e2e ${Date.now()}`;

  beforeAll(async () => {
    e = await startBrowserApp();
    ({ page, baseUrl } = e);
    await e.services.users.create(cliActor, { ...ADMIN, role: 'admin' });
    for (const [name, tier, lifecycleStage] of [
      ['Northwind Traders', 'high_touch', 'adoption'],
      ['Contoso Pharma', 'low_touch', 'onboarding'],
      ['Fabrikam Robotics', 'tech_touch', 'renewal'],
    ] as const) {
      await e.services.accounts.create(cliActor, { name, tier, lifecycleStage, industry: 'Manufacturing' });
    }
  });

  afterAll(() => e?.close());

  it('sends a signed-out visitor to sign in, then back to the accounts list', async () => {
    await page.goto(`${baseUrl}/accounts`);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByTestId('signin-email').fill(ADMIN.email);
    await page.getByTestId('signin-password').fill(ADMIN.password);
    await page.getByTestId('signin-submit').click();

    await page.waitForURL((url) => url.pathname === '/accounts');
    await page.getByTestId('current-user').getByText(ADMIN.name).waitFor();
    const table = page.getByTestId('accounts-table');
    for (const name of ['Northwind Traders', 'Contoso Pharma', 'Fabrikam Robotics'])
      await table.getByRole('link', { name }).waitFor();
  });

  it('searches the accounts list by name on the server', async () => {
    const search = page.getByTestId('accounts-search');
    await search.fill('Contoso');
    await search.press('Enter');

    await page.waitForURL((url) => url.searchParams.get('q') === 'Contoso');
    const table = page.getByTestId('accounts-table');
    await table.getByRole('link', { name: 'Northwind Traders' }).waitFor({ state: 'detached' });
    await table.getByRole('link', { name: 'Contoso Pharma' }).waitFor();
    expect(await table.getByTestId('account-link').count()).toBe(1);
  });

  it('opens the customer 360 page from the list', async () => {
    await page.getByTestId('accounts-table').getByRole('link', { name: 'Contoso Pharma' }).click();
    await page.waitForURL(/\/accounts\/[0-9a-f-]{36}$/);
    await page.getByTestId('account-title').getByText('Contoso Pharma').waitFor();
    // The server's system event, rendered from its catalog key in the UI language.
    await page.getByTestId('timeline').getByText('Account created').waitFor();
  });

  it('adds a note that shows up on the timeline without a reload', async () => {
    await page.evaluate(() => Object.assign(window, { __e2eSamePage: true }));
    await page.getByTestId('note-body').fill(note);
    await page.getByTestId('note-submit').click();

    await page.getByTestId('timeline-item').filter({ hasText: note }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __e2eSamePage?: boolean }).__e2eSamePage)).toBe(true);
    await expect.poll(() => page.getByTestId('note-body').inputValue()).toBe('');
  });

  it('switches the interface to Chinese and keeps it after a reload', async () => {
    const nav = page.getByTestId('side-nav');
    await nav.getByText('Segments').waitFor();
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-option-zh-CN').click();

    await nav.getByText('客户分群').waitFor();
    await nav.getByText('Segments').waitFor({ state: 'detached' });
    await page.getByTestId('timeline').getByText('创建了客户').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');

    await page.reload();
    await page.getByTestId('side-nav').getByText('客户分群').waitFor();
    await page.getByTestId('timeline-item').filter({ hasText: note }).waitFor();

    // antd's own texts follow too (its locale comes from the ConfigProvider).
    await page.getByTestId('side-nav').getByText('客户', { exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/accounts');
    await page.locator('.ant-pagination-options').getByText('条/页').waitFor();
  });
});
