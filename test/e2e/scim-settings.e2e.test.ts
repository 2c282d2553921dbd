import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const ADMIN = { email: 'scim-admin@e2e.test', name: 'SCIM Admin', password: 'e2e correct horse' };

/** Settings → User provisioning (SCIM): an admin makes a token in the page, an identity provider uses it, the page shows it. */
describe('SCIM settings end to end', () => {
  let built: BrowserApp;
  let page: Page;
  let baseUrl: string;

  beforeAll(async () => {
    built = await startBrowserApp();
    ({ page, baseUrl } = built);
    await built.services.users.create(cliActor, { ...ADMIN, role: 'admin' });
    await built.signIn(ADMIN);
  }, 180_000);
  afterAll(() => built?.close());

  it('creates a token shown once, which provisions a user the page then counts and lists', async () => {
    await page.goto(`${baseUrl}/settings/scim`);
    await page.getByTestId('scim-base-url').getByText(`${baseUrl}/scim/v2`).waitFor();
    await page.getByTestId('scim-provisioned-count').getByText('0').waitFor();

    await page.getByTestId('scim-token-create').first().click();
    await page.getByTestId('scim-token-name').fill('Okta production');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    const secret = page.getByTestId('scim-token-secret');
    await secret.waitFor();
    const token = (await secret.textContent())?.trim() ?? '';
    expect(token).toMatch(/^tscim_[\w-]{20,}$/);

    // The identity provider's first push: RFC 7644 §3.3.
    const created = await fetch(`${baseUrl}/scim/v2/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'new.hire@e2e.test',
        name: { givenName: 'New', familyName: 'Hire' },
        emails: [{ value: 'new.hire@e2e.test', primary: true }],
        active: true,
      }),
    });
    expect(created.status).toBe(201);

    await page.getByRole('dialog').getByRole('button', { name: 'I have copied it' }).click();
    await page.reload();
    await page.getByTestId('scim-provisioned-count').getByText('1').waitFor();
    const requests = page.getByTestId('scim-requests');
    await requests.getByText('/scim/v2/Users').first().waitFor();
    await requests.getByText('201').first().waitFor();
    // The secret is never shown again: the table gives only its first characters.
    expect(await page.getByText(token).count()).toBe(0);
    await page.getByText(token.slice(0, 12)).first().waitFor();

    // The person is a Tenure user now.
    await page.goto(`${baseUrl}/settings/users`);
    await page.getByText('new.hire@e2e.test').waitFor();
  });

  it('saves a group → role mapping', async () => {
    await page.goto(`${baseUrl}/settings/scim`);
    await page.getByRole('button', { name: 'Add mapping' }).click();
    await page.getByTestId('scim-mapping-group').locator('input').fill('CSMs');
    await page.getByTestId('scim-mappings-save').click();
    await page.getByText('Saved').first().waitFor();
    const status = await built.services.scim.status();
    expect(status.mappings).toEqual([{ group: 'CSMs', role: 'csm' }]);
  });

  it('reads in Chinese: the mapping, the count and the requests', async () => {
    await page.evaluate(() => localStorage.setItem('tenure.lang', 'zh-CN'));
    await page.goto(`${baseUrl}/settings/scim`);
    await page.getByText('组 → 角色').first().waitFor();
    await page.getByRole('button', { name: '添加映射' }).waitFor();
    await page.getByText('已预配用户').first().waitFor();
    await page.getByTestId('scim-provisioned-count').getByText('1').waitFor();
    await page.getByTestId('scim-requests').getByText('/scim/v2/Users').first().waitFor();
    await page.evaluate(() => localStorage.setItem('tenure.lang', 'en'));
  });
});
