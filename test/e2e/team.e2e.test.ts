import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const ADMIN = { email: 'admin@e2e.test', name: 'Ada Admin', password: 'e2e correct horse' };
const MANAGER = { email: 'manager@e2e.test', name: 'Morgan Manager', password: 'e2e correct horse' };
const CASEY = { email: 'casey@e2e.test', name: 'Casey CSM', password: 'e2e correct horse' };
const DANA = { email: 'dana@e2e.test', name: 'Dana CSM', password: 'e2e correct horse' };

/**
 * Team and workload on 15 June 2026: Casey owns three accounts (Northwind with ARR 1,200,000.00 and an
 * open CTA, Contoso, Fabrikam), Dana none. The admin sets capacity to two accounts per CSM in the form,
 * so Casey is over it. The manager opens the Team page from the menu in Chinese and in English at 1280 px, sees Casey over
 * capacity, and moves Casey's whole book to Dana through the dialog.
 */
describe('Team', () => {
  let e: BrowserApp;
  let caseyId: string;
  let danaId: string;
  const ids: string[] = [];

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC' });
    await e.services.users.create(cliActor, { ...ADMIN, role: 'admin' });
    await e.services.users.create(cliActor, { ...MANAGER, role: 'cs_manager' });
    caseyId = (await e.services.users.create(cliActor, { ...CASEY, role: 'csm' })).id;
    danaId = (await e.services.users.create(cliActor, { ...DANA, role: 'csm' })).id;
    for (const name of ['Northwind', 'Contoso', 'Fabrikam'])
      ids.push((await e.services.accounts.create(cliActor, { name, ownerId: caseyId })).id);
    await e.services.subscriptions.recordVersion(cliActor, ids[0]!, {
      subscriptionExternalId: 'sub-northwind',
      amountMinor: 1_200_000,
      currency: 'CNY',
      interval: 'year',
      startsOn: '2025-08-01',
    });
    await sql`delete from ctas`.execute(e.database.db);
    await sql`insert into ctas (account_id, type, reason_key, title, priority, owner_id, due_on, status, opened_at)
      values (${ids[0]}::uuid, 'risk', 'ctas.reason.manual', 'Call the sponsor', 'high', ${caseyId}::uuid,
              '2026-06-10', 'open', '2026-06-09T02:00:00Z')`.execute(e.database.db);
    await e.page.setViewportSize({ width: 1280, height: 800 });
  }, 180_000);

  afterAll(async () => {
    await e?.close();
  });

  const row = (name: string) => e.page.getByTestId('team-table').getByRole('row', { name: new RegExp(name) });

  async function openTeam(language: 'en' | 'zh-CN', menuLabel: string) {
    const { page, baseUrl } = e;
    await page.goto(`${baseUrl}/`);
    await page.evaluate((lang) => localStorage.setItem('tenure.lang', lang), language);
    await page.reload();
    await page.getByTestId('side-nav').getByRole('link', { name: menuLabel, exact: true }).click();
    await page.waitForURL(`${baseUrl}/team`);
    await page.getByRole('heading', { name: menuLabel, exact: true }).waitFor();
    await row('Casey CSM').waitFor();
  }

  /** At 1280 px nothing spills out of the page. */
  async function expectNoPageOverflow() {
    const width = await e.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(1280);
    // …and at this width the table needs no scrolling either: every column is in view.
    const table = await e.page
      .getByTestId('team-table')
      .locator('.ant-table-content')
      .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(table.scroll).toBeLessThanOrEqual(table.client);
  }

  it('lets an admin set the capacity in its form: Casey goes over it', async () => {
    const { page } = e;
    await e.signIn(ADMIN);
    await openTeam('en', 'Team');
    expect(await page.getByTestId('over-capacity').count()).toBe(0);
    await page.getByTestId('team-capacity').click();
    await page.getByTestId('capacity-default').fill('2');
    await page.getByTestId('capacity-save').click();
    await page.getByText('Capacity saved').waitFor();
    await row('Casey CSM').getByText('Over capacity').waitFor();
    expect(await e.services.settings.get('team_capacity')).toEqual({
      basis: 'accounts',
      defaultLimit: 2,
      overrides: {},
    });
  }, 120_000);

  it('shows the books side by side in Chinese, Casey over capacity', async () => {
    await e.signIn(MANAGER);
    await openTeam('zh-CN', '团队');
    await row('Casey CSM').getByText('超出容量').waitFor();
    expect(await row('Dana CSM').getByTestId('over-capacity').count()).toBe(0);
    expect(await row('Casey CSM').locator('td').nth(1).textContent()).toBe('3');
    await e.page.getByTestId('team-totals').getByText('团队合计').waitFor();
    await expectNoPageOverflow();
  }, 120_000);

  it('shows them in English; the figures open their lists', async () => {
    const { page, baseUrl } = e;
    await openTeam('en', 'Team');
    const casey = row('Casey CSM');
    await casey.getByText('Over capacity').waitFor();
    await casey.getByText('3 / 2').waitFor();
    await casey.getByText('¥12K').first().waitFor();
    await expectNoPageOverflow();
    // The book, and its red-health accounts, open the accounts list filtered to them.
    expect(await casey.locator('td').nth(1).getByRole('link').getAttribute('href')).toBe(
      `/accounts?owner=${caseyId}&sort=health&order=asc`,
    );
    const red = encodeURIComponent(JSON.stringify([{ field: 'health_color', op: 'eq', value: 'red' }]));
    expect(await casey.locator('td').nth(6).getByRole('link').getAttribute('href')).toBe(
      `/accounts?owner=${caseyId}&filters=${red}`,
    );
    // Overdue CTAs: the CTA list filtered to Casey's overdue ones.
    await casey.getByTestId('overdue-ctas').click();
    await page.waitForURL(`${baseUrl}/ctas?scope=all&ownerId=${caseyId}&overdue=true`);
    await page.getByTestId('cta-row').getByText('Call the sponsor').waitFor();
  }, 120_000);

  it('reassigns Casey’s whole book to Dana through the dialog: a toast, and the table follows', async () => {
    const { page } = e;
    await openTeam('en', 'Team');
    await page.getByTestId('team-reassign').click();
    await page.getByTestId('reassign-from').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="Casey CSM"]').click();
    await page.getByTestId('reassign-to').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="Dana CSM"]').click();
    await page.getByText('The whole book (3 accounts)').waitFor();
    await page.getByTestId('reassign-submit').click();
    await page.getByText('3 accounts move from Casey CSM to Dana CSM').waitFor();
    await page.getByTestId('reassign-confirm').click();
    await page.getByText('3 accounts reassigned · CTAs moved with them: 1').waitFor();

    await expect.poll(() => row('Dana CSM').locator('td').nth(1).textContent()).toBe('3');
    await row('Dana CSM').getByText('Over capacity').waitFor();
    expect(await row('Casey CSM').getByTestId('over-capacity').count()).toBe(0);
    const owners = await e.services.accounts.briefs(ids);
    expect(ids.map((id) => owners.get(id)?.ownerId)).toEqual([danaId, danaId, danaId]);
    const audit = await e.services.audit.list({ entity: 'account', page: 1, pageSize: 20 });
    expect(audit.items.filter((i) => i.action === 'reassign')).toHaveLength(3);
  }, 120_000);

  it('moves chosen accounts found by searching the book: other books’ accounts are not offered', async () => {
    const { page } = e;
    // Casey's book is empty after the last move; Northfield joins it, and Dana holds Northwind.
    const northfield = (await e.services.accounts.create(cliActor, { name: 'Northfield', ownerId: caseyId })).id;
    await openTeam('en', 'Team');
    await page.getByTestId('team-reassign').click();
    await page.getByTestId('reassign-from').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="Dana CSM"]').click();
    await page.getByTestId('reassign-to').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="Casey CSM"]').click();
    await page.getByTestId('reassign-scope').getByText('Chosen accounts').click();
    await page.getByTestId('reassign-accounts').click();
    await page.keyboard.type('North');
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await expect.poll(() => options.allTextContents()).toEqual(['Northwind']);
    await options.first().click();
    await page.keyboard.press('Escape');
    await page.getByTestId('reassign-submit').click();
    await page.getByText('1 account moves from Dana CSM to Casey CSM').waitFor();
    await page.getByTestId('reassign-confirm').click();
    // Northwind's open CTA follows it back.
    await page.getByText('1 account reassigned · CTAs moved with it: 1').waitFor();
    const owners = await e.services.accounts.briefs([ids[0]!, northfield]);
    expect([owners.get(ids[0]!)?.ownerId, owners.get(northfield)?.ownerId]).toEqual([caseyId, caseyId]);
  }, 120_000);
});
