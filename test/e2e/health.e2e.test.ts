import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

/** Ant Design may put a test id on the input itself or on its wrapper. */
const INPUT = 'xpath=self::input | descendant::input';
const ADMIN = { email: 'health@e2e.test', name: 'Health Admin', password: 'e2e correct horse' };

/** An admin builds a scorecard in Settings, edits it, recomputes, and reads the account's health panel. */
describe('health scores end to end', () => {
  let e: BrowserApp;
  let accountId: string;

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_TIMEZONE: 'UTC' });
    await e.services.users.create(cliActor, { ...ADMIN, role: 'admin' });
    accountId = (await e.services.accounts.create(cliActor, { name: 'Acme Robotics', firstPaidOn: '2026-01-01' })).id;
    await e.services.nps.bulkInsert(cliActor, [
      { accountId, score: 8, respondedAt: new Date(Date.now() - 5 * 86_400_000).toISOString() },
    ]);
    // Through the sign-in form, as a person would.
    await e.page.goto(`${e.baseUrl}/sign-in`);
    await e.page.getByLabel('Email').fill(ADMIN.email);
    await e.page.getByLabel('Password').fill(ADMIN.password);
    await e.page.keyboard.press('Enter');
    // Signing in lands on Home; the test goes to each page it needs.
    await e.page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  });

  afterAll(() => e?.close());

  it('builds a scorecard with two measures, shows a validation error, then edits it', async () => {
    const { page, baseUrl } = e;
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
    const [card] = await e.services.health.list();
    expect(card!.measures.map((m) => m.type)).toEqual(['active_users_per_seat', 'nps_latest']);

    await page.getByTestId('scorecard-edit').click();
    await page.getByRole('dialog').getByTestId('scorecard-name').fill('Overall health');
    await page.getByRole('dialog').getByTestId('measure-weight').nth(1).locator(INPUT).fill('3');
    await page.getByTestId('scorecard-save').click();
    await page.getByTestId('scorecard-row-name').getByText('Overall health').waitFor();
    expect((await e.services.health.list())[0]!.measures[1]!.weight).toBe(3);
    // Made primary, it can no longer be deleted, unset or deactivated from here: lists and rules read it.
    expect(await page.getByTestId('scorecard-delete').isEnabled()).toBe(true);
    await page.getByTestId('scorecard-edit').click();
    await page.getByRole('dialog').getByRole('switch').nth(1).click();
    await page.getByTestId('scorecard-save').click();
    await page.getByText('Primary', { exact: true }).waitFor();
    expect(await page.getByTestId('scorecard-delete').isDisabled()).toBe(true);
    await page.getByTestId('scorecard-edit').click();
    expect(await page.getByRole('dialog').getByRole('switch').nth(1).isDisabled()).toBe(true);
    await page.getByRole('dialog').getByText('make another scorecard primary').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('health-recompute').click();
    await page.getByText(/Scored 1 accounts/).waitFor();
  });

  it('opens the account’s health panel: score, the missing measure, and a sentiment', async () => {
    const { page, baseUrl } = e;
    await page.goto(`${baseUrl}/accounts/${accountId}`);
    // The tab sits in the overflowing 360 tab bar, which settles its scroll offset after the first render: a
    // pointer click at that moment can miss, so the tab gets the click event itself.
    await page.getByTestId('tab-health').dispatchEvent('click');
    const panel = page.getByTestId('health-scorecard');
    // NPS 8 on the default thresholds 3 → 9: 83.3; active users ÷ seats has no data and weighs nothing.
    await panel.getByTestId('health-badge').first().getByText('83').waitFor();
    expect(await panel.getByTestId('health-badge').first().getAttribute('data-color')).toBe('green');
    await panel.getByTestId('measure-missing').waitFor();
    await page.getByTestId('sentiment-value').locator(INPUT).fill('2');
    await page.getByTestId('sentiment-save').click();
    await page
      .getByTestId('sentiment-current')
      .getByText(/Sentiment 2 \/ 5/)
      .waitFor();
    const sentiment = await e.services.health.sentiment(accountId);
    expect(sentiment).toMatchObject({ value: 2, setBy: ADMIN.name });
  });
});
