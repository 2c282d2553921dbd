import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const SUPPORT = { email: 'support@e2e.test', name: 'Sun Li', password: 'e2e correct horse' };

/** Support staff open the Support tab, log a ticket, close it with a rating, see it on the timeline, record an NPS answer. */
describe('the Support tab end to end', () => {
  let e: BrowserApp;
  let accountId: string;

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z' }, { jobs: false });
    await e.services.users.create(cliActor, { ...SUPPORT, role: 'support' });
    accountId = (await e.services.accounts.create(cliActor, { name: 'Acme Retail' })).id;
  });

  afterAll(() => e?.close());

  it('creates and closes a ticket, shows both on the timeline, and records an NPS answer', async () => {
    const { page, baseUrl, signIn, services } = e;
    await signIn(SUPPORT);
    await page.goto(`${baseUrl}/accounts/${accountId}`);
    // In the overflowing 360 tab bar a pointer click right after load can miss: the tab gets the event itself.
    await page.getByTestId('tab-support').dispatchEvent('click');
    await page.getByText('No open tickets.').waitFor();

    await page.getByTestId('ticket-add').click();
    await page.getByTestId('ticket-subject').fill('Export fails');
    await page.getByTestId('ticket-save').click();
    await page.getByText('Ticket created').waitFor();
    await page.getByTestId('tickets').getByText('Export fails').waitFor();

    await page.getByTestId('ticket-edit').click();
    await page.getByTestId('ticket-status').click();
    await page.locator('.ant-select-dropdown:visible').getByText('Closed', { exact: true }).click();
    await page.locator('.ant-modal .ant-rate-star').nth(3).click();
    await page.getByTestId('ticket-save').click();
    await page.getByText('No open tickets.').waitFor();
    await expect
      .poll(
        async () =>
          (await services.tickets.list(accountId, { page: 1, pageSize: 5, sort: 'opened', order: 'desc' })).items[0],
      )
      .toMatchObject({ status: 'closed', csat: 4 });
    await page.getByTestId('ticket-state').getByText('Closed').click();
    await page.getByTestId('tickets').getByText('Export fails').waitFor();

    await page.getByTestId('nps-add').click();
    await page.getByTestId('nps-score').fill('3');
    await page.getByTestId('nps-comment').fill('Exports keep failing');
    await page.getByTestId('nps-save').click();
    await page.getByText('NPS answer recorded').waitFor();
    await page.getByTestId('nps-answers').getByText('Detractor').waitFor();

    await page.getByRole('tab', { name: 'Timeline' }).click();
    const timeline = page.getByTestId('timeline');
    await timeline.getByText('Ticket opened: Export fails (Normal)').waitFor();
    await timeline.getByText('Ticket closed: Export fails').waitFor();
    await timeline.getByText('NPS answer: 3 (Detractor)').waitFor();
    await timeline.getByText('Exports keep failing').waitFor();
  });
});
