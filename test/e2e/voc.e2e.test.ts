import { sql } from 'kysely';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const CSM = { email: 'csm@e2e.test', name: 'Casey CSM', password: 'e2e correct horse' };

/**
 * Voice of the customer (docs/voc.md) end to end, in English and in Chinese: a CSM tags a note on the
 * Customer 360, records a feature request from the account with the contact who asked, marks it shipped, and finds the "tell the
 * customer" CTA opened for them; the VoC report ranks the tag by the account's ARR.
 */
describe('voice of the customer', () => {
  let e: BrowserApp;
  const accounts: Record<string, string> = {};

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC' }, { jobs: false });
    const csm = await e.services.users.create(cliActor, { ...CSM, role: 'csm' });
    for (const [name, arr, note] of [
      ['Acme Retail', 1_200_000, 'They need an export to Excel'],
      ['北方物流', 3_600_000, '希望支持企业微信登录'],
    ] as const) {
      const { id } = await e.services.accounts.create(cliActor, { name, ownerId: csm.id });
      accounts[name] = id;
      await e.services.contacts.create(cliActor, id, { name: `${name} buyer`, email: `buyer@${id}.test` });
      await e.services.timeline.add(cliActor, id, { type: 'note', body: note, occurredAt: '2026-06-10T02:00:00Z' });
      await sql`update account_facts set arr_minor = ${arr}, renewal_on = '2026-09-01' where account_id = ${id}::uuid`.execute(
        e.database.db,
      );
    }
    await e.page.setViewportSize({ width: 1280, height: 800 });
  }, 180_000);

  afterAll(() => e?.close());

  async function open(account: string, language: 'en' | 'zh-CN') {
    const { page, baseUrl } = e;
    await page.goto(`${baseUrl}/accounts/${accounts[account]}`);
    await page.evaluate((lang) => localStorage.setItem('tenure.lang', lang), language);
    await page.reload();
  }
  const dropdown = () => e.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');

  async function run(
    account: string,
    language: 'en' | 'zh-CN',
    text: { note: string; tag: string; request: string; create: RegExp; shipped: string; cta: string; arr: RegExp },
  ) {
    const { page } = e;
    await open(account, language);
    // Tag the note on the timeline.
    const note = page.getByTestId('timeline-item').filter({ hasText: text.note });
    await note.getByTestId('item-tags-edit').click();
    await page.getByTestId('item-tags-select').click();
    await dropdown().getByTitle(text.tag, { exact: true }).click();
    await page.getByTestId('item-tags-save').click();
    await note.getByTestId('item-tag').filter({ hasText: text.tag }).waitFor();

    // A feature request from the 360.
    await page.getByTestId('tab-voc').dispatchEvent('click');
    await page.getByTestId('request-new').click();
    await page.getByTestId('request-title').fill(text.request);
    await page.getByTestId('request-area').fill('Reports');
    await page.getByTestId('request-contact').click();
    await dropdown().getByText(`${account} buyer`).click();
    await page.getByRole('dialog').getByRole('button', { name: text.create }).click();
    await page.getByTestId('account-requests').getByRole('link', { name: text.request }).click();

    // Shipped: the account's CSM gets a CTA to tell the customer.
    await page.getByTestId('request-arr').waitFor();
    await page.getByTestId('requester-contact').getByText(`${account} buyer`).waitFor();
    await page.getByTestId('request-status-select').click();
    await dropdown().getByTitle(text.shipped, { exact: true }).click();
    await page.getByTestId('requester-cta').click();
    await page.getByText(text.cta).first().waitFor();

    // The report ranks the tag by the account's ARR.
    await page.goto(`${e.baseUrl}/voc`);
    const top = page.getByTestId('voc-top-tags');
    await top.getByText(text.tag, { exact: true }).waitFor();
    await top.getByText(text.arr).waitFor();
  }

  it('tags a note, records a request from the 360, ships it and opens the CTA, in English', async () => {
    await e.signIn(CSM);
    await run('Acme Retail', 'en', {
      note: 'They need an export to Excel',
      tag: 'New feature',
      request: 'Excel export',
      create: /^Create$/,
      shipped: 'Shipped',
      cta: 'Tell the customer: “Excel export” has shipped',
      arr: /12,000\.00/,
    });
  }, 120_000);

  it('does the same in Chinese', async () => {
    await run('北方物流', 'zh-CN', {
      note: '希望支持企业微信登录',
      tag: '集成',
      request: '企业微信登录',
      create: /^创\s?建$/,
      shipped: '已上线',
      cta: '告知客户：“企业微信登录”已上线',
      arr: /36,000\.00/,
    });
  }, 120_000);
});
