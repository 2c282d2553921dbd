import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const ADMIN = { email: 'tokens-admin@e2e.test', name: 'Tokens Admin', password: 'e2e correct horse' };

/** Settings → API tokens: an admin makes a token with a role in the page; a script uses it until it is revoked. */
describe('API tokens end to end', () => {
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

  const api = (token: string, method: 'GET' | 'POST', path: string, body?: unknown) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  it('creates a token shown once that acts with its role, and revokes it', async () => {
    await page.goto(`${baseUrl}/settings/tokens`);
    await page.getByText('No API tokens yet').waitFor();

    await page.getByTestId('token-create').first().click();
    const dialog = page.getByRole('dialog');
    // A name is required: the dialog says so and stays open.
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText('Name the token').waitFor();
    await page.getByTestId('token-name').fill('CRM sync');
    // The role defaults to Viewer: a script reads, it does not write.
    await dialog.getByText('Viewer').waitFor();
    await dialog.getByRole('button', { name: 'Create' }).click();

    const secret = page.getByTestId('token-secret');
    await secret.waitFor();
    const token = (await secret.textContent())?.trim() ?? '';
    expect(token).toMatch(/^tnr_[\w-]{20,}$/);
    await page.getByRole('button', { name: 'I have copied it' }).click();

    expect((await api(token, 'GET', '/api/accounts')).status).toBe(200);
    expect((await api(token, 'POST', '/api/accounts', { name: 'Written by a viewer' })).status).toBe(403);

    // The table shows the token's first characters, its role and when it was last used; never the secret.
    await page.reload();
    const row = page.getByRole('row', { name: /CRM sync/ });
    await row.getByText('Viewer').waitFor();
    await row.getByText(token.slice(0, 10)).waitFor();
    expect(await page.getByText(token).count()).toBe(0);
    await row.getByText(/ago|seconds/).waitFor();

    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Revoke' }).click();
    await row.getByText('Revoked').waitFor();
    expect((await api(token, 'GET', '/api/accounts')).status).toBe(401);
  });

  it('speaks Chinese', async () => {
    await page.evaluate(() => localStorage.setItem('tenure.lang', 'zh-CN'));
    await page.goto(`${baseUrl}/settings/tokens`);
    await page.getByTestId('token-create').getByText('新建 API 令牌').waitFor();
    await page
      .getByRole('row', { name: /CRM sync/ })
      .getByText('已吊销')
      .waitFor();
  });
});
