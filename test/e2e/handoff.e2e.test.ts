import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { DEFAULT_HANDOFF_SETTINGS } from '../../src/shared/handoff.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const SALES = { email: 'sales@e2e.test', name: 'Zhang Wei', password: 'e2e correct horse' };
const CSM = { email: 'csm@e2e.test', name: 'Wang Fang', password: 'e2e correct horse' };

/** Sales fills the handoff form, is stopped by the missing fields, completes it; the CSM's bell lights up. */
describe('handoff and notifications end to end', () => {
  let e: BrowserApp;
  let accountId: string;

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z' }, { jobs: false });
    await e.services.users.create(cliActor, { ...SALES, role: 'sales' });
    const csm = await e.services.users.create(cliActor, { ...CSM, role: 'csm' });
    accountId = (await e.services.accounts.create(cliActor, { name: 'Acme Retail', ownerId: csm.id })).id;
  });

  afterAll(() => e?.close());

  it('refuses an incomplete handover naming the fields, then hands over and notifies the CSM', async () => {
    const { page, baseUrl, signIn, services } = e;
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
    // 28,000 typed in a two-decimal base currency (CNY) is 2,800,000 minor units.
    expect((await services.handoff.get(accountId)).dealSizeMinor).toBe(2_800_000);

    await signIn(CSM);
    await page.goto(`${baseUrl}/accounts`);
    const bell = page.getByTestId('notification-bell');
    await page.locator('.ant-badge').getByText('1', { exact: true }).waitFor();
    await bell.click();
    await page.getByTestId('notifications-list').getByText('Acme Retail was handed over to you').click();
    await page.getByRole('heading', { name: 'Acme Retail' }).waitFor();
    await expect
      .poll(async () => services.notifications.unreadCount((await services.users.findByEmail(CSM.email))!.id))
      .toBe(0);
  });
});

/** An amount typed in a form means major units of the base currency: the yen has no minor unit. */
describe('a deal size in a currency without minor units', () => {
  let e: BrowserApp;
  let accountId: string;

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_CURRENCY: 'JPY' }, { jobs: false });
    await e.services.users.create(cliActor, { ...SALES, role: 'sales' });
    accountId = (await e.services.accounts.create(cliActor, { name: 'Sakura Foods' })).id;
  });

  afterAll(() => e?.close());

  it('stores ¥28,000 as 28,000 and shows it so', async () => {
    const { page, baseUrl, signIn, services } = e;
    await signIn(SALES);
    await page.goto(`${baseUrl}/accounts/${accountId}`);
    await page.getByRole('tab', { name: 'Handoff' }).click();
    await page.getByLabel('Deal size').fill('28000');
    await page.getByLabel('Sales cycle (days)').fill('75');
    await page.getByLabel('Implementation (days)').fill('42');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(async () => (await services.handoff.get(accountId)).dealSizeMinor).toBe(28_000);
    await page.reload();
    await page.getByRole('tab', { name: 'Handoff' }).click();
    await expect.poll(() => page.getByLabel('Deal size').inputValue()).toBe('28000');
  });
});
