import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const ADMIN = { email: 'admin@e2e.test', name: 'Ada Admin', password: 'e2e correct horse' };
const SPARE = { email: 'spare@e2e.test', name: 'Sam Spare', password: 'e2e correct horse' };

/** Toasts on screen (success and error alike). */
const toasts = (page: Page) => page.locator('.ant-message-notice');

/** The server's refusal when the person's role no longer allows the change, in each language. */
const REFUSED = {
  en: 'Your role (viewer) may not do this',
  'zh-CN': '您的角色（viewer）无权执行此操作',
} as const;

/**
 * No save fails silently: when the server refuses a change, the person reads the server's reason,
 * once, and the screen still shows things as they are. The refusal is a real one — the person's role
 * is taken down to viewer by another admin while their page is open — for deleting a scorecard,
 * deleting a notification channel and ticking an onboarding milestone, in English and in Chinese. A
 * form that shows the error itself (the channel dialog) gives no toast besides.
 */
describe('save errors', () => {
  let e: BrowserApp;
  let adminId: string;
  let accountId: string;

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC' });
    const admin = await e.services.users.create(cliActor, { ...ADMIN, role: 'admin' });
    adminId = admin.id;
    // Another admin, so this one may be taken down to viewer.
    await e.services.users.create(cliActor, { ...SPARE, role: 'admin' });
    const account = await e.services.accounts.create(cliActor, {
      name: 'Northwind',
      ownerId: admin.id,
      firstPaidOn: '2026-06-01',
      lifecycleStage: 'onboarding',
    });
    accountId = account.id;
    await e.services.milestones.sync();
    await e.services.health.create(cliActor, {
      name: 'Adoption',
      measures: [{ type: 'milestones_on_time', weight: 1, bad: 0, good: 100 }],
    });
    await e.services.channels.create(cliActor, {
      kind: 'wecom',
      name: 'CS alerts',
      url: 'https://hooks.example.test/cs',
      events: [],
      enabled: true,
    });
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

  const demote = () => e.services.users.update(cliActor, adminId, { role: 'viewer' });
  const restore = () => e.services.users.update(cliActor, adminId, { role: 'admin' });

  /**
   * Opens `path` as an admin, then has the role taken away and does `save` on the page as it is:
   * exactly one toast, the server's `text`, once the request has been answered.
   */
  async function refused(path: string, ready: () => Promise<void>, save: () => Promise<void>, text: string) {
    const { page, baseUrl } = e;
    await restore();
    await page.goto(`${baseUrl}${path}`);
    await ready();
    await toasts(page).first().waitFor({ state: 'detached' });
    await demote();
    await save();
    // Read at once: a toast lasts three seconds, and a second one would come in the same tick.
    await toasts(page).filter({ hasText: text }).first().waitFor();
    expect(await toasts(page).allTextContents()).toEqual([text]);
  }

  async function checkLanguage(language: 'en' | 'zh-CN') {
    const { page } = e;
    await restore();
    await inLanguage(language);
    const text = REFUSED[language];

    // Deleting a scorecard: still listed, still there.
    const card = page.getByRole('row').filter({ has: page.getByTestId('scorecard-row-name') });
    await refused(
      '/settings/scorecards',
      () => card.first().waitFor(),
      async () => {
        await card.locator('.ant-btn-dangerous').click();
        await page.locator('.ant-popconfirm .ant-btn-primary').click();
      },
      text,
    );
    await expect.poll(() => card.getByTestId('scorecard-row-name').allTextContents()).toEqual(['Adoption']);
    expect((await e.services.health.list()).map((c) => c.name)).toEqual(['Adoption']);

    // Deleting a notification channel: still listed, still there.
    const channel = page.getByRole('row').filter({ hasText: 'CS alerts' });
    await refused(
      '/settings/notifications',
      () => channel.waitFor(),
      async () => {
        await channel.locator('.ant-btn-dangerous').click();
        await page.locator('.ant-popconfirm .ant-btn-primary').click();
      },
      text,
    );
    await channel.waitFor();
    expect((await e.services.channels.list()).map((c) => c.name)).toEqual(['CS alerts']);

    // Ticking an onboarding milestone: the box stays unticked, the milestone open.
    const milestone = page.getByTestId('account-milestone').first();
    await refused(
      `/accounts/${accountId}`,
      async () => {
        await page.getByRole('tab', { name: language === 'en' ? 'CTAs' : '行动项' }).click();
        await milestone.waitFor();
      },
      () => milestone.getByRole('checkbox').click(),
      text,
    );
    expect(await milestone.getByRole('checkbox').isChecked()).toBe(false);
    const milestones = await e.services.db
      .selectFrom('account_milestones')
      .select('completed_on')
      .where('account_id', '=', accountId)
      .execute();
    expect(milestones.length).toBeGreaterThan(0);
    expect(milestones.every((m) => m.completed_on === null)).toBe(true);
    await restore();
  }

  it('tells the person, in English, when the server refuses a change', async () => {
    await checkLanguage('en');
  }, 180_000);

  it('tells the person, in Chinese, when the server refuses a change', async () => {
    await checkLanguage('zh-CN');
  }, 180_000);

  it('says an error a form shows itself once: in the form, not also in a toast', async () => {
    const { page, baseUrl } = e;
    await restore();
    await inLanguage('en');
    await page.goto(`${baseUrl}/settings/notifications`);
    const channel = page.getByRole('row').filter({ hasText: 'CS alerts' });
    await channel.locator('button:has(.anticon-edit)').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input#name').fill('CS alerts (renamed)');
    await toasts(page).first().waitFor({ state: 'detached' });
    await demote();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.locator('.ant-typography-danger').getByText(REFUSED.en).waitFor();
    // Then a refusal the cache does announce, on the same screen: had the dialog's refusal been
    // toasted as well, two toasts would be on screen (a toast stays three seconds).
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await channel.locator('.ant-btn-dangerous').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await toasts(page).filter({ hasText: REFUSED.en }).first().waitFor();
    expect(await toasts(page).allTextContents()).toEqual([REFUSED.en]);
    expect((await e.services.channels.list()).map((c) => c.name)).toEqual(['CS alerts']);
    await restore();
  }, 120_000);
});
