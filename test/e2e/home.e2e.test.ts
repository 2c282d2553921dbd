import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const CSM = { email: 'csm@e2e.test', name: 'Casey CSM', password: 'e2e correct horse' };
const MANAGER = { email: 'manager@e2e.test', name: 'Morgan Manager', password: 'e2e correct horse' };

/**
 * Home per role, on 15 June 2026: Casey's account Northwind renews on 1 August (47 days, ARR
 * 1,200,000.00) and Casey owes an overdue CTA on it ("Call the sponsor", due 10 June). Signing in
 * through the form lands the CSM on their book (in Chinese and in English) and the manager on the
 * team view; the tiles open the lists behind them, filtered.
 */
describe('Home', () => {
  let e: BrowserApp;
  let csmId: string;

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC' });
    csmId = (await e.services.users.create(cliActor, { ...CSM, role: 'csm' })).id;
    await e.services.users.create(cliActor, { ...MANAGER, role: 'cs_manager' });
    const account = await e.services.accounts.create(cliActor, { name: 'Northwind', ownerId: csmId });
    await e.services.subscriptions.recordVersion(cliActor, account.id, {
      subscriptionExternalId: 'sub-northwind',
      amountMinor: 1_200_000,
      currency: 'CNY',
      interval: 'year',
      startsOn: '2025-08-01',
    });
    // Written through the services, which send no data-arrival signal (the API's routes do): the account
    // facts the Home's book and renewal window are read from are brought up to date as the signal would.
    await e.services.facts.refresh();
    await sql`delete from ctas`.execute(e.database.db);
    await sql`insert into ctas (account_id, type, reason_key, title, priority, owner_id, due_on, status, opened_at)
      values (${account.id}::uuid, 'risk', 'ctas.reason.manual', 'Call the sponsor', 'high', ${csmId}::uuid,
              '2026-06-10', 'open', '2026-06-09T02:00:00Z')`.execute(e.database.db);
  });

  afterAll(async () => {
    await e?.close();
  });

  /** Signs out through the user menu if someone is signed in, then in through the form, with the UI in the given language. */
  async function signInThroughForm(who: { email: string; password: string }, language: 'en' | 'zh-CN') {
    const { page, baseUrl } = e;
    if (page.url().startsWith(baseUrl)) {
      await page.getByTestId('user-menu').click();
      await page.getByTestId('sign-out').click();
      await page.waitForURL(`${baseUrl}/sign-in`);
    } else {
      await page.goto(`${baseUrl}/sign-in`);
    }
    await page.evaluate((lang) => localStorage.setItem('tenure.lang', lang), language);
    await page.reload();
    await page.getByTestId('signin-email').fill(who.email);
    await page.getByTestId('signin-password').fill(who.password);
    await page.getByTestId('signin-submit').click();
    await page.waitForURL(`${baseUrl}/`);
  }

  it('lands a CSM on their book in Chinese: renewals and the overdue CTA', async () => {
    const { page } = e;
    await signInThroughForm(CSM, 'zh-CN');
    await page.getByRole('heading', { name: '首页', exact: true }).waitFor();
    const book = page.getByTestId('home-book');
    await book.getByTestId('tile-renewals').getByText('90 天内续约').waitFor();
    await page.getByTestId('home-renewals').getByRole('link', { name: 'Northwind' }).waitFor();
    await page.getByTestId('home-ctas').getByText('Call the sponsor').waitFor();
    await page.getByTestId('tile-overdue').getByText('逾期 CTA').waitFor();
    expect(await page.getByTestId('tile-overdue').locator('.ant-statistic-content-value').textContent()).toBe('1');
  }, 120_000);

  it('lands a CSM on their book in English; the overdue tile opens the CTA list filtered to it', async () => {
    const { page, baseUrl } = e;
    await signInThroughForm(CSM, 'en');
    await page.getByRole('heading', { name: 'Home', exact: true }).waitFor();
    await page.getByTestId('home-renewals').getByText('47').waitFor();
    await page.getByTestId('home-changes').getByText('Nothing changed since yesterday').waitFor();

    await page.getByTestId('tile-overdue').click();
    await page.waitForURL(`${baseUrl}/ctas?scope=all&ownerId=${csmId}&overdue=true`);
    await expect.poll(() => page.getByRole('checkbox', { name: 'Overdue only' }).isChecked()).toBe(true);
    const rows = page.getByTestId('cta-row');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.getByText('Call the sponsor').waitFor();

    await page.getByTestId('side-nav').getByRole('link', { name: 'Home' }).click();
    await page.getByTestId('tile-renewals').click();
    await page.waitForURL(`${baseUrl}/renewals?days=90&ownerId=${csmId}`);
    await page.getByTestId('home-book').waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Northwind' }).waitFor();
  }, 120_000);

  it('lands a manager on the team view, from which a CSM’s book opens', async () => {
    const { page } = e;
    await signInThroughForm(MANAGER, 'en');
    const team = page.getByTestId('home-team');
    await team.waitFor();
    const casey = page.getByTestId('home-csms').getByRole('row', { name: /Casey CSM/ });
    await casey.waitFor();
    // Overdue CTAs of Casey: the last column.
    expect(await casey.locator('td').last().textContent()).toBe('1');
    await casey.getByRole('button', { name: 'Casey CSM' }).click();
    await page.getByTestId('home-book').waitFor();
    await page.getByTestId('home-renewals').getByRole('link', { name: 'Northwind' }).waitFor();
  }, 120_000);
});
