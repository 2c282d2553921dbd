import { afterAll, beforeAll } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

export const ADMIN = { email: 'admin@corp.test', name: 'Ada Admin', password: 'admin password, long' };

/**
 * The shared frame of the connector settings browser tests: a local server replaying the vendor's documented
 * responses, the app with an admin, and `open` for Settings → <vendor> in a language. `seed` runs once both are up,
 * so a test file keeps them in its own variables and enters its accounts.
 */
export function connectorSettingsSuite<S extends { close(): Promise<unknown> }>(
  vendor: 'hubspot' | 'salesforce' | 'zendesk',
  startServer: () => Promise<S>,
  seed: (b: BrowserApp, server: S) => Promise<void>,
) {
  let b: BrowserApp | undefined;
  let server: S | undefined;
  beforeAll(async () => {
    server = await startServer();
    // No queue: "Sync now" runs the sync before it answers, so the log has the run when the page refreshes it.
    b = await startBrowserApp({}, { jobs: false });
    await b.services.users.create(cliActor, { ...ADMIN, role: 'admin' });
    await seed(b, server);
  }, 300_000);
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });

  return {
    async open(language: 'en' | 'zh-CN') {
      if (!b) throw new Error('the browser app did not start');
      const { page, baseUrl } = b;
      await page.goto(`${baseUrl}/`);
      await page.evaluate((lang) => localStorage.setItem('tenure.lang', lang), language);
      await page.goto(`${baseUrl}/settings/${vendor}`);
    },
  };
}
