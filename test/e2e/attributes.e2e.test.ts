import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const ADMIN = { email: 'admin@e2e.test', name: 'Admin', password: 'e2e correct horse' };

/** An admin names a custom attribute and one of its values in both languages; the 360 shows the names. */
describe('attribute labels end to end', () => {
  let e: BrowserApp;
  let accountId: string;

  beforeAll(async () => {
    e = await startBrowserApp({}, { jobs: false });
    await e.services.users.create(cliActor, { ...ADMIN, role: 'admin' });
    accountId = (
      await e.services.accounts.create(cliActor, {
        name: 'Acme Retail',
        attributes: { segment: 'mid_market', seats_purchased: 40 },
      })
    ).id;
  });
  afterAll(() => e?.close());

  it('saves names in Settings → Attributes and shows them on the Customer 360 in English and Chinese', async () => {
    const { page, baseUrl, signIn, services } = e;
    await signIn(ADMIN);
    await page.goto(`${baseUrl}/accounts/${accountId}`);
    // Before any label, the stored key and value show as they are.
    await page.getByText('mid_market', { exact: true }).waitFor();

    await page.goto(`${baseUrl}/settings/attributes`);
    await page.getByTestId('label-segment-en').fill('Segment');
    await page.getByTestId('label-segment-zh').fill('客户分层');
    await page
      .getByRole('row', { name: /segment/ })
      .getByRole('button', { name: /expand/i })
      .click();
    await page.getByTestId('label-segment-mid_market-en').fill('Mid-market');
    await page.getByTestId('label-segment-mid_market-zh').fill('中型客户');
    await page.getByTestId('attribute-labels-save').click();
    await page.getByText('Attribute names saved').waitFor();
    expect((await services.settings.get('attribute_labels')).segment).toEqual({
      label: { en: 'Segment', 'zh-CN': '客户分层' },
      values: { mid_market: { en: 'Mid-market', 'zh-CN': '中型客户' } },
    });

    await page.goto(`${baseUrl}/accounts/${accountId}`);
    await page.getByText('Mid-market', { exact: true }).waitFor();
    await page.getByText('Segment', { exact: true }).waitFor();
    // A key without a label keeps its stored name.
    await page.getByText('seats_purchased', { exact: true }).waitFor();

    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-option-zh-CN').click();
    await page.getByText('中型客户', { exact: true }).waitFor();
    await page.getByText('客户分层', { exact: true }).waitFor();
  });
});
