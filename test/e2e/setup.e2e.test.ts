import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSetupService } from '../../src/modules/setup/setup.service.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

/** An install without the demo: the printed setup link's page creates the first admin and signs them in. */
let b: BrowserApp;
beforeAll(async () => {
  b = await startBrowserApp({ TENURE_DEMO: '0' });
}, 300_000);
afterAll(() => b?.close());

describe('/setup', () => {
  it('refuses a wrong link, then creates the first admin from the right one and signs them in', async () => {
    const { token } = (await createSetupService(b.services).issueIfNeeded())!;
    await b.page.goto(`${b.baseUrl}/setup?token=wrong`);
    await b.page.getByTestId('setup-result').waitFor();
    expect(await b.page.getByTestId('setup-result').textContent()).toMatch(/wrong, used or expired/);

    await b.page.goto(`${b.baseUrl}/setup?token=${token}`);
    await b.page.getByTestId('setup-name').fill('First Admin');
    await b.page.getByTestId('setup-email').fill('first@example.com');
    await b.page.getByTestId('setup-password').fill('short');
    await b.page.getByTestId('setup-submit').click();
    await b.page.getByText('8 to 200 characters').first().waitFor();
    await b.page.getByTestId('setup-password').fill('a long enough password');
    await b.page.getByTestId('setup-submit').click();
    await b.page.waitForURL((url) => !url.pathname.startsWith('/setup'));
    const me = await b.page.evaluate(async () => (await fetch('/api/auth/me')).json());
    expect(me).toMatchObject({ role: 'admin', email: 'first@example.com' });

    // The link is spent: its page now says setup is done.
    await b.page.goto(`${b.baseUrl}/setup?token=${token}`);
    await b.page.getByTestId('setup-result').waitFor();
    expect(await b.page.getByTestId('setup-result').textContent()).toMatch(/already set up/);
  }, 120_000);
});
