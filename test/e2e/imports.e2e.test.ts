import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connection.js';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const ADMIN = { email: 'imports@e2e.test', name: 'Import Admin', password: 'e2e correct horse' };
const VIEWER = { email: 'viewer@e2e.test', name: 'Just Looking', password: 'e2e correct horse' };

/** A CSV with Chinese headers, a custom attribute, an outcome column and one bad row. */
const CSV = [
  '客户编号,客户名称,员工数,Seats,Churn',
  'E2E-1,云杉科技,120,5,Yes',
  'E2E-2,Birch Ltd,many,7,No',
  'E2E-3,Cedar GmbH,40,,No',
].join('\n');

describe('import page end to end', () => {
  let e: BrowserApp;
  let database: Database;
  let page: Page;
  let baseUrl: string;
  let signIn: BrowserApp['signIn'];

  beforeAll(async () => {
    // With the job queue, as the server runs: the upload is imported by an `imports-run` job and the page polls its row.
    e = await startBrowserApp({ TENURE_NOW: '2026-03-15T04:00:00Z' }, { jobs: true });
    ({ database, page, baseUrl, signIn } = e);
    await e.services.users.create(cliActor, { ...ADMIN, role: 'admin' });
    await e.services.users.create(cliActor, { ...VIEWER, role: 'viewer' });
  });

  afterAll(() => e?.close());

  it('previews a file, maps its columns, imports it with a progress bar and shows what was refused', async () => {
    await signIn(ADMIN);
    await page.goto(`${baseUrl}/accounts`);
    await page.getByTestId('side-nav').getByText('Import', { exact: true }).click();
    await page.getByRole('heading', { name: 'Import', exact: true }).waitFor();
    expect(await page.getByTestId('import-template-csv').getAttribute('href')).toBe(
      '/api/imports/templates/accounts.csv',
    );

    await page
      .getByTestId('import-file')
      .locator('input[type=file]')
      .setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    const preview = page.getByTestId('import-preview');
    await preview.getByText('云杉科技').waitFor();
    // Chinese headers found their columns; the unknown ones are custom attributes until mapped.
    // A table with a fixed header renders its header twice (one copy measures): the first is the real one.
    const select = (i: number) => page.getByTestId(`import-map-${i}`).first();
    const selected = (i: number) => select(i).locator('.ant-select-selection-item');
    await expect.poll(() => selected(0).textContent()).toContain('external_id');
    await expect.poll(() => selected(4).textContent()).toBe('Custom attribute');
    await page.getByText('"many" is not a whole number between 0 and 10000000').waitFor();

    await select(4).click();
    await page.locator('.ant-select-item-option[title="churn_outcome"]').click();
    await expect.poll(() => selected(4).textContent()).toContain('churn_outcome');

    await page.getByTestId('import-start').click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    await result.getByText('"many" is not a whole number between 0 and 10000000').waitFor();
    const refused = result.getByTestId('import-refused');
    expect(await refused.locator('tbody tr.ant-table-row').count()).toBe(1);
    await refused.getByText('employees').waitFor();
    await result.getByText('Seats · number').waitFor();

    const stored = await database.db
      .selectFrom('accounts')
      .select(['external_id', 'name', 'attributes'])
      .orderBy('external_id')
      .execute();
    expect(stored).toEqual([
      { external_id: 'E2E-1', name: '云杉科技', attributes: { Seats: 5, churn_outcome: true } },
      { external_id: 'E2E-3', name: 'Cedar GmbH', attributes: { churn_outcome: false } },
    ]);
  });

  it('is not offered to viewers', async () => {
    await signIn(VIEWER);
    await page.goto(`${baseUrl}/accounts`);
    await page.getByTestId('side-nav').getByText('Accounts').waitFor();
    expect(await page.getByTestId('side-nav').getByText('Import', { exact: true }).count()).toBe(0);
    await page.goto(`${baseUrl}/imports`);
    await page.getByText('Your role does not give access to this page.').waitFor();
  });
});
