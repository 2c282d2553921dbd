import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/connection.js';
import type { App } from '../../src/http/types.js';
import { cliActor } from '../../src/modules/audit/actor.js';
import { testDatabase } from '../support/db.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureWebBuild } from './browser.js';

/** Ant Design may put a test id on the input itself or on its wrapper. */
const INPUT = 'xpath=self::input | descendant::input';
const ADMIN = { email: 'health@e2e.test', name: 'Health Admin', password: 'e2e correct horse' };

/** An admin builds a scorecard in Settings, edits it, recomputes, and reads the account's health panel. */
describe('health scores end to end', () => {
  let database: Database;
  let app: App;
  let built: BuiltApp;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  let accountId: string;

  beforeAll(async () => {
    ensureWebBuild();
    database = await testDatabase();
    const config = loadConfig({ LOG_LEVEL: 'silent', TENURE_LOCALE: 'en', TENURE_LOGIN_RATE_LIMIT: '1000', TENURE_TIMEZONE: 'UTC' });
    built = await buildApp({ config, database, serveWeb: true });
    app = built.app;
    await built.services.users.create(cliActor, { ...ADMIN, role: 'admin' });
    accountId = (await built.services.accounts.create(cliActor, { name: 'Acme Robotics' })).id;
    await built.services.nps.bulkInsert(cliActor, [{ accountId, score: 8, respondedAt: new Date(Date.now() - 5 * 86_400_000).toISOString() }]);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no TCP address');
    baseUrl = `http://127.0.0.1:${address.port}`;

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/accounts/);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  it('builds a scorecard with two measures, shows a validation error, then edits it', async () => {
    await page.goto(`${baseUrl}/settings/scorecards`);
    await page.getByTestId('scorecard-new').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('scorecard-name').fill('Overall');
    await dialog.getByTestId('measure-add').click();
    await dialog.getByTestId('measure-row').nth(1).waitFor();
    // Red above green is refused by the server, the message shown on the field.
    await dialog.getByTestId('scorecard-red').locator(INPUT).fill('80');
    await dialog.getByTestId('scorecard-green').locator(INPUT).fill('60');
    await page.getByTestId('scorecard-save').click();
    await dialog.getByText('Green must start at or above where red ends').waitFor();
    await dialog.getByTestId('scorecard-red').locator(INPUT).fill('40');
    await dialog.getByTestId('scorecard-green').locator(INPUT).fill('70');
    await page.getByTestId('scorecard-save').click();
    await page.getByTestId('scorecard-row-name').getByText('Overall').waitFor();
    const [card] = await built.services.health.list();
    expect(card!.measures.map((m) => m.type)).toEqual(['active_users_per_seat', 'nps_latest']);

    await page.getByTestId('scorecard-edit').click();
    await page.getByRole('dialog').getByTestId('scorecard-name').fill('Overall health');
    await page.getByRole('dialog').getByTestId('measure-weight').nth(1).locator(INPUT).fill('3');
    await page.getByTestId('scorecard-save').click();
    await page.getByTestId('scorecard-row-name').getByText('Overall health').waitFor();
    expect((await built.services.health.list())[0]!.measures[1]!.weight).toBe(3);
    await page.getByTestId('health-recompute').click();
    await page.getByText(/Scored 1 accounts/).waitFor();
  });

  it('opens the account’s health panel: score, the missing measure, and a sentiment', async () => {
    await page.goto(`${baseUrl}/accounts/${accountId}`);
    await page.getByTestId('tab-health').click();
    const panel = page.getByTestId('health-scorecard');
    // NPS 8 on the default thresholds 3 → 9: 83.3; active users ÷ seats has no data and weighs nothing.
    await panel.getByTestId('health-badge').first().getByText('83').waitFor();
    expect(await panel.getByTestId('health-badge').first().getAttribute('data-color')).toBe('green');
    await panel.getByTestId('measure-missing').waitFor();
    await page.getByTestId('sentiment-value').locator(INPUT).fill('2');
    await page.getByTestId('sentiment-save').click();
    await page.getByTestId('sentiment-current').getByText(/Sentiment 2 \/ 5/).waitFor();
    const sentiment = await built.services.health.sentiment(accountId);
    expect(sentiment).toMatchObject({ value: 2, setBy: ADMIN.name });
  });
});
