import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/connection.js';
import type { App } from '../../src/http/types.js';
import { cliActor } from '../../src/modules/audit/actor.js';
import { DEFAULT_HANDOFF_SETTINGS } from '../../src/shared/handoff.js';
import { testDatabase } from '../support/db.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureWebBuild } from './browser.js';

const SALES = { email: 'sales@e2e.test', name: 'Zhang Wei', password: 'e2e correct horse' };
const CSM = { email: 'csm@e2e.test', name: 'Wang Fang', password: 'e2e correct horse' };

/** Sales fills the handoff form, is stopped by the missing fields, completes it; the CSM's bell lights up. */
describe('handoff and notifications end to end', () => {
  let database: Database;
  let app: App;
  let services: BuiltApp['services'];
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  let accountId: string;

  const signIn = async (who: { email: string; password: string }) => {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: who.email, password: who.password } });
    expect(login.statusCode).toBe(200);
    await page.context().clearCookies();
    await page.context().addCookies(login.cookies.map((c) => ({ name: c.name, value: c.value, url: baseUrl, httpOnly: Boolean(c.httpOnly), sameSite: 'Lax' as const })));
  };

  beforeAll(async () => {
    ensureWebBuild();
    database = await testDatabase();
    const config = loadConfig({ LOG_LEVEL: 'silent', TENURE_LOCALE: 'en', TENURE_LOGIN_RATE_LIMIT: '1000', TENURE_NOW: '2026-06-15T04:00:00Z' });
    const built = await buildApp({ config, database, serveWeb: true, jobs: false });
    app = built.app;
    services = built.services;
    await services.users.create(cliActor, { ...SALES, role: 'sales' });
    const csm = await services.users.create(cliActor, { ...CSM, role: 'csm' });
    accountId = (await services.accounts.create(cliActor, { name: 'Acme Retail', ownerId: csm.id })).id;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no TCP address');
    baseUrl = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  it('refuses an incomplete handover naming the fields, then hands over and notifies the CSM', async () => {
    await signIn(SALES);
    await page.goto(`${baseUrl}/accounts/${accountId}`);
    await page.getByRole('tab', { name: 'Handoff' }).click();
    await page.getByText('Enter deal size, sales cycle and implementation time').waitFor();
    await page.getByLabel('Deal size').fill('28000');
    await page.getByLabel('Sales cycle (days)').fill('75');
    await page.getByLabel('Implementation (days)').fill('42');
    await page.getByLabel('Company profile (industry, size, locations)').fill('Retail chain, 800 staff');
    await page.getByTestId('hand-over').click();
    // The server's 400 lands on each missing field.
    await expect.poll(() => page.getByText('required before the account is handed over').count()).toBe(11);
    await page.getByText('CS joins at 70 % of the sales process (rule 2)', { exact: false }).waitFor();

    for (const field of DEFAULT_HANDOFF_SETTINGS.fields.slice(1)) {
      await page.locator(`#answers_${field.key}`).fill(`About ${field.key}`);
    }
    await page.getByTestId('hand-over').click();
    await page.getByTestId('handoff-status').getByText('Handed over').waitFor();
    expect((await services.handoff.get(accountId)).status).toBe('handed_over');

    await signIn(CSM);
    await page.goto(`${baseUrl}/accounts`);
    const bell = page.getByTestId('notification-bell');
    await page.locator('.ant-badge').getByText('1', { exact: true }).waitFor();
    await bell.click();
    await page.getByTestId('notifications-list').getByText('Acme Retail was handed over to you').click();
    await page.getByRole('heading', { name: 'Acme Retail' }).waitFor();
    await expect.poll(async () => services.notifications.unreadCount((await services.users.findByEmail(CSM.email))!.id)).toBe(0);
  });
});
