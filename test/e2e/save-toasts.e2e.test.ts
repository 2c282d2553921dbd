import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const ADMIN = { email: 'admin@e2e.test', name: 'Ada Admin', password: 'e2e correct horse' };

/** Toasts on screen. */
const toasts = (page: Page) => page.locator('.ant-message-notice');

/**
 * Does `save`, then expects exactly one toast saying `text` once the request has been answered.
 * The screen starts without toasts (an earlier one has gone), so each save is counted on its own.
 */
async function expectOneToast(page: Page, save: () => Promise<void>, text: string) {
  await toasts(page).first().waitFor({ state: 'detached' });
  await save();
  await toasts(page).first().waitFor();
  await page.waitForLoadState('networkidle');
  expect(await toasts(page).allTextContents()).toEqual([text]);
}

/**
 * A toast on every save, and one only (issue 13 point 7): the query client's mutation cache says
 * "Saved" (or "Deleted") for every mutation that shows no message of its own. Saves that used to say
 * it twice (an account attribute, the events' retention), saves that said nothing (a contact removed,
 * a CTA comment) and saves with their own words (the profile, closing a CTA) each give one toast, in
 * English and in Chinese.
 */
describe('save toasts', () => {
  let e: BrowserApp;
  let accountId: string;

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC' });
    const admin = await e.services.users.create(cliActor, { ...ADMIN, role: 'admin' });
    const account = await e.services.accounts.create(cliActor, { name: 'Northwind', ownerId: admin.id });
    accountId = account.id;
    await e.services.contacts.create(cliActor, accountId, { name: 'Wang Fang', email: 'wang.fang@northwind.test' });
    await e.services.contacts.create(cliActor, accountId, { name: 'Li Qiang', email: 'li.qiang@northwind.test' });
    await sql`delete from ctas`.execute(e.database.db);
    for (const title of ['Call the sponsor', 'Plan the QBR'])
      await sql`insert into ctas (account_id, type, reason_key, title, priority, owner_id, due_on, status, opened_at)
        values (${accountId}::uuid, 'risk', 'ctas.reason.manual', ${title}, 'high', ${admin.id}::uuid,
                '2026-06-20', 'open', '2026-06-14T02:00:00Z')`.execute(e.database.db);
    await e.signIn(ADMIN);
  });

  afterAll(async () => {
    await e?.close();
  });

  async function inLanguage(language: 'en' | 'zh-CN') {
    const { page, baseUrl } = e;
    await page.goto(`${baseUrl}/profile`);
    await page.evaluate((lang) => localStorage.setItem('tenure.lang', lang), language);
    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language);
  }

  it('gives one toast per save in English', async () => {
    const { page, baseUrl } = e;
    await inLanguage('en');

    // An account attribute (its card said "Saved" and so did the cache).
    await page.goto(`${baseUrl}/accounts/${accountId}`);
    await expectOneToast(
      page,
      async () => {
        await page.getByTestId('attribute-add').click();
        await page.getByTestId('attribute-key').fill('region');
        await page.getByTestId('attribute-value').fill('East China');
        await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
      },
      'Saved',
    );
    await page.locator('td').getByText('East China', { exact: true }).waitFor();

    // A contact removed (said nothing before).
    await expectOneToast(
      page,
      async () => {
        await page.getByRole('tab', { name: /Contacts/ }).click();
        const row = page.getByRole('row', { name: /Li Qiang/ });
        await row.getByRole('button', { name: 'Remove' }).click();
        await page.locator('.ant-popconfirm').getByRole('button', { name: 'Remove' }).click();
      },
      'Deleted',
    );
    await page.getByRole('row', { name: /Li Qiang/ }).waitFor({ state: 'detached' });

    // A comment on a CTA (said nothing), then closing it (its own words).
    await page.goto(`${baseUrl}/ctas?scope=all`);
    await page.getByTestId('cta-row').filter({ hasText: 'Call the sponsor' }).click();
    const drawer = page.getByTestId('cta-drawer');
    await expectOneToast(
      page,
      async () => {
        await drawer.getByTestId('cta-comment-input').fill('Sponsor back from leave on Monday');
        await drawer.getByTestId('cta-comment-submit').click();
      },
      'Saved',
    );
    await expectOneToast(
      page,
      async () => {
        await drawer.getByTestId('cta-close').click();
        await drawer.getByTestId('cta-close-outcome').click();
        await page.locator('.ant-select-item-option').filter({ hasText: 'Success' }).click();
        await drawer.getByTestId('cta-close-reason').fill('Sponsor confirmed the renewal');
        await drawer.getByTestId('cta-close-submit').click();
      },
      'CTA closed',
    );
    await drawer.getByTestId('cta-status').getByText('Closed').waitFor();

    // A setting: the raw events' retention (its card said "Saved" and so did the cache).
    await page.goto(`${baseUrl}/events`);
    const retention = page.locator('.ant-card').filter({ hasText: 'Raw event retention' });
    await expectOneToast(
      page,
      async () => {
        await retention.getByRole('spinbutton').fill('365');
        await retention.getByRole('button', { name: 'Save' }).click();
      },
      'Saved',
    );

    // The profile (its own words).
    await page.goto(`${baseUrl}/profile`);
    await expectOneToast(
      page,
      async () => {
        await page.getByTestId('profile-name').fill('Ada Lovelace');
        await page.getByTestId('profile-save').click();
      },
      'Profile saved',
    );
    expect(await e.services.settings.get('event_retention_days')).toBe(365);
  }, 180_000);

  it('gives one toast per save in Chinese', async () => {
    const { page, baseUrl } = e;
    await inLanguage('zh-CN');
    await page.goto(`${baseUrl}/accounts/${accountId}`);
    await expectOneToast(
      page,
      async () => {
        await page.getByTestId('attribute-add').click();
        await page.getByTestId('attribute-key').fill('tier');
        await page.getByTestId('attribute-value').fill('Gold');
        await page
          .getByRole('dialog')
          .getByRole('button', { name: /保\s*存/ })
          .click();
      },
      '已保存',
    );
    await page.goto(`${baseUrl}/ctas?scope=all`);
    await page.getByTestId('cta-row').filter({ hasText: 'Plan the QBR' }).click();
    const drawer = page.getByTestId('cta-drawer');
    await expectOneToast(
      page,
      async () => {
        await drawer.getByTestId('cta-comment-input').fill('议程已发给客户');
        await drawer.getByTestId('cta-comment-submit').click();
      },
      '已保存',
    );
  }, 180_000);
});
