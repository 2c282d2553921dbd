import { sql } from 'kysely';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const CSM = { email: 'csm@e2e.test', name: 'Wang Fang', password: 'e2e correct horse' };
const VIEW = 'Red, ARR > 100k, renewing within 90 days';

/**
 * Lists over metrics (docs/lists.md) in the browser: the brief's saved view built in the filter builder,
 * saved, reopened after a reload; then the module-usage filter narrows it; labels in both languages.
 * The organisation's day is 2026-06-15 (12:00 in Asia/Shanghai).
 *
 *   account      colour  ARR       renewal      reports events (30 days)   in the view   with usage ≥ 5
 *   Red Giant    red     $150,000  2026-08-01   2                          yes           no
 *   Red Whale    red     $500,000  2026-09-01   20                         yes           yes
 *   Red Small    red     $50,000   2026-08-01   30                         no (ARR)
 *   Red Late     red     $200,000  2026-12-01   30                         no (renewal)
 *   Green Giant  green   $300,000  2026-07-01   30                         no (colour)
 */
const ACCOUNTS = [
  ['Red Giant', 'red', 15_000_000, '2026-08-01', 2],
  ['Red Whale', 'red', 50_000_000, '2026-09-01', 20],
  ['Red Small', 'red', 5_000_000, '2026-08-01', 30],
  ['Red Late', 'red', 20_000_000, '2026-12-01', 30],
  ['Green Giant', 'green', 30_000_000, '2026-07-01', 30],
] as const;

describe('lists over metrics end to end', () => {
  let e: BrowserApp;
  let page: Page;

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_CURRENCY: 'USD' }, { jobs: false });
    page = e.page;
    const csm = await e.services.users.create(cliActor, { ...CSM, role: 'csm' });
    await e.services.settings.set(cliActor, 'product_modules', [
      { key: 'reports', name: 'Reports', core: true },
      { key: 'dashboards', name: 'Dashboards', core: false },
    ]);
    await sql`insert into event_catalogue (event, module) values ('report_viewed', 'reports')`.execute(e.database.db);
    for (const [name, color, arr, renewal, events] of ACCOUNTS) {
      const { id } = await e.services.accounts.create(cliActor, { name, ownerId: csm.id });
      await e.services.accounts.writeFacts(
        'revenue',
        sql`select ${id}::uuid as account_id, ${Math.round(arr / 12)}::bigint as mrr_minor, ${arr}::bigint as arr_minor,
                   'Growth'::text as plan, ${renewal}::date as renewal_on`,
        [id],
      );
      await e.services.accounts.writeFacts(
        'health',
        sql`select ${id}::uuid as account_id, 40::float8 as health_score, ${color}::text as health_color,
                   0::float8 as health_trend, null::date as health_day, null::text as health_color_before`,
        [id],
      );
      await sql`insert into usage_daily (account_id, day, event, count, users)
        values (${id}::uuid, '2026-06-10', 'report_viewed', ${events}, 1)`.execute(e.database.db);
    }
  });
  afterAll(() => e?.close());

  const table = () => page.getByTestId('accounts-table');
  /** The list shows exactly these accounts (waits until it does). */
  async function listShows(names: string[]) {
    for (const name of names) await table().getByRole('link', { name, exact: true }).waitFor();
    await expect.poll(() => table().getByTestId('account-link').allTextContents()).toEqual(names);
  }
  /** Opens an antd Select and picks the option with this label (typing it first where the select searches). */
  async function pick(select: Locator, label: string, search = false) {
    await select.click();
    if (search) await select.locator('input').fill(label);
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      .getByTitle(label, { exact: true })
      .click();
  }
  const row = (n: number) => page.getByTestId('condition-row').nth(n);
  const selects = (n: number) => row(n).locator('.ant-select');

  it('builds "red, ARR > 100k, renewing within 90 days", saves it as a view and reopens it after a reload', async () => {
    await e.signIn(CSM);
    await page.goto(`${e.baseUrl}/accounts?sort=name`);
    await listShows(['Green Giant', 'Red Giant', 'Red Late', 'Red Small', 'Red Whale']);

    await page.getByTestId('filters-open').click();
    // The drawer opens with one empty row; each field brings its first operator (is, >, within N days).
    await pick(selects(0).first(), 'Health colour', true);
    await pick(selects(0).nth(2), 'Red');
    await page.getByTestId('condition-add').click();
    await pick(selects(1).first(), 'ARR', true);
    await row(1).locator('input.ant-input-number-input').fill('100000');
    await page.getByTestId('condition-add').click();
    await pick(selects(2).first(), 'Renewal date', true);
    await row(2).locator('input.ant-input-number-input').fill('90');
    await page.getByTestId('filters-apply').click();
    await listShows(['Red Giant', 'Red Whale']);

    await page.getByTestId('saved-views').click();
    await page.getByRole('menuitem', { name: 'Save current view…' }).click();
    await page.getByRole('dialog').getByRole('textbox').fill(VIEW);
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByText(`View ${VIEW} saved`).waitFor();
    // The button names the view the list shows.
    await page.getByTestId('saved-views').getByText(VIEW).waitFor();

    await page.goto(`${e.baseUrl}/accounts?sort=name`);
    await listShows(['Green Giant', 'Red Giant', 'Red Late', 'Red Small', 'Red Whale']);
    await page.getByTestId('saved-views').click();
    await page.getByRole('menuitem', { name: VIEW }).click();
    await listShows(['Red Giant', 'Red Whale']);
    await page.getByTestId('saved-views').getByText(VIEW).waitFor();
    await page.getByText('Health colour is Red').waitFor();
    await page.getByText('ARR > 100000').waitFor();
    await page.getByText('Renewal date within the next 90 days').waitFor();
  });

  it('narrows the view with "Reports events in the last 30 days ≥ 5"', async () => {
    await page.getByTestId('filters-open').click();
    await page.getByTestId('condition-add').click();
    await pick(selects(3).first(), 'Usage of a module…', true);
    await pick(row(3).getByTestId('usage-module'), 'Reports');
    expect(await row(3).getByTestId('usage-days').inputValue()).toBe('30');
    // Module usage compares an event count: ≥ first.
    await row(3).getByText('≥').waitFor();
    await row(3).locator('input.ant-input-number-input').last().fill('5');
    await page.getByTestId('filters-apply').click();
    await listShows(['Red Whale']);
    await page.getByText('Reports events in the last 30 days ≥ 5').waitFor();
    const url = new URL(page.url());
    expect(JSON.parse(url.searchParams.get('filters') ?? '[]')).toContainEqual({
      field: 'usage.reports.30',
      op: 'gte',
      value: 5,
    });

    // A shorter window: the events of 06-10 are outside the last 3 days.
    await page.getByTestId('filters-open').click();
    await row(3).getByTestId('usage-days').fill('3');
    await page.getByTestId('filters-apply').click();
    await page.getByText('No accounts match these filters.').waitFor();
    await page.getByText('Reports events in the last 3 days ≥ 5').waitFor();
  });

  it('says the same in Chinese: the filters, the builder and the saved view', async () => {
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-option-zh-CN').click();
    await page.getByText('近 3 天Reports事件数 ≥ 5').waitFor();
    await page.getByText('续约日期 在未来 90 天内').waitFor();

    await page.getByTestId('filters-open').click();
    await row(3).getByText('模块使用量…').waitFor();
    await row(3).getByText('近', { exact: true }).waitFor();
    await row(3).getByText('次', { exact: true }).waitFor();
    await page.getByTestId('filters-apply').click();

    await page.getByTestId('saved-views').click();
    await page.getByRole('menuitem', { name: VIEW }).click();
    await listShows(['Red Giant', 'Red Whale']);
    await page.getByText('健康颜色 等于 红').waitFor();
  });
});
