import { afterAll, beforeAll } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';

/**
 * The shared frame of the connector sync tests: a local server replaying the vendor's documented responses, a test
 * app (clock: 2026-06-15T04:00:00Z) and an admin, and the calls every test makes to the connector's settings.
 * `seed` runs once both are up, so a test file can keep them in its own variables and enter its accounts.
 */
export function connectorSuite<S extends { url: string; close(): Promise<unknown> }>(
  vendor: 'hubspot' | 'salesforce' | 'zendesk',
  startServer: () => Promise<S>,
  seed: (t: TestApp, server: S) => Promise<void> | void,
) {
  let t: TestApp;
  let admin: Session;
  let server: S;
  beforeAll(async () => {
    server = await startServer();
    t = await createTestApp();
    admin = await t.as('admin');
    await seed(t, server);
  }, 240_000);
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  const api = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object, lang = 'en') =>
    t.app.inject({ method, url, payload, headers: { ...admin.headers, 'accept-language': lang } });
  return {
    api,
    /** The newest entry of the connector's sync log. */
    lastRun: async (lang = 'en') => (await api('GET', `/api/integrations/${vendor}`, undefined, lang)).json().runs[0],
    /** The HTTP status a CSM gets for the connector's settings (only admins may see them). */
    settingsStatusForCsm: async () => {
      const csm = await t.as('csm');
      return (await t.app.inject({ method: 'GET', url: `/api/integrations/${vendor}`, headers: csm.headers }))
        .statusCode;
    },
    accountOf: async (externalId: string) =>
      (await api('GET', `/api/accounts?externalId=${encodeURIComponent(externalId)}`)).json().items[0],
    contactsOf: async (accountId: string) =>
      (await api('GET', `/api/accounts/${accountId}/contacts`)).json().items as {
        externalId: string;
        name: string;
        email: string;
        role: string | null;
        title: string | null;
      }[],
  };
}
