import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { requestLocale } from '../../http/validation.js';
import { connectorsApi } from '../../shared/connectors.js';
import type { ConnectorService } from './connectors.service.js';

/** Settings → Integrations → Zendesk, HubSpot and Salesforce (admins): settings, connection test, "Sync now" and the sync log. */
export function connectorRoutes(app: App, { connectors }: { connectors: ConnectorService }) {
  route(app, connectorsApi.zendesk, {
    access: 'admin',
    tags: ['connectors'],
    summary: 'Zendesk connection: address, agent e-mail, whether a token is kept (never the token), the sync log',
    handler: async (request) => connectors.zendeskStatus(requestLocale(request)),
  });

  route(app, connectorsApi.saveZendesk, {
    access: 'admin',
    tags: ['connectors'],
    summary: 'Save the Zendesk connection; an omitted API token keeps the stored one',
    handler: async (request) => connectors.saveZendesk(request.actor, request.body, requestLocale(request)),
  });

  route(app, connectorsApi.testZendesk, {
    access: 'admin',
    tags: ['connectors'],
    summary: 'Try the stored Zendesk credentials',
    handler: async (request) => connectors.test('zendesk', requestLocale(request)),
  });

  route(app, connectorsApi.syncZendesk, {
    access: 'admin',
    tags: ['connectors'],
    summary: 'Queue a Zendesk sync now (one at a time; from=start reads everything again); the log shows its run',
    handler: async (request) => {
      await connectors.syncNow('zendesk', request.query.from === 'start');
      return connectors.zendeskStatus(requestLocale(request));
    },
  });

  route(app, connectorsApi.hubspot, {
    access: 'admin',
    tags: ['connectors'],
    summary:
      'HubSpot connection: API address, mapping settings, whether a token is kept (never the token), the sync log',
    handler: async (request) => connectors.hubspotStatus(requestLocale(request)),
  });

  route(app, connectorsApi.saveHubSpot, {
    access: 'admin',
    tags: ['connectors'],
    summary: 'Save the HubSpot connection; an omitted access token keeps the stored one',
    handler: async (request) => connectors.saveHubSpot(request.actor, request.body, requestLocale(request)),
  });

  route(app, connectorsApi.testHubSpot, {
    access: 'admin',
    tags: ['connectors'],
    summary: 'Try the stored HubSpot access token',
    handler: async (request) => connectors.test('hubspot', requestLocale(request)),
  });

  route(app, connectorsApi.syncHubSpot, {
    access: 'admin',
    tags: ['connectors'],
    summary: 'Queue a HubSpot sync now (one at a time; from=start reads everything again); the log shows its run',
    handler: async (request) => {
      await connectors.syncNow('hubspot', request.query.from === 'start');
      return connectors.hubspotStatus(requestLocale(request));
    },
  });

  route(app, connectorsApi.salesforce, {
    access: 'admin',
    tags: ['connectors'],
    summary:
      'Salesforce connection: instance URL, way in, mapping settings, whether a secret is kept (never the secret), the sync log',
    handler: async (request) => connectors.salesforceStatus(requestLocale(request)),
  });

  route(app, connectorsApi.saveSalesforce, {
    access: 'admin',
    tags: ['connectors'],
    summary: 'Save the Salesforce connection; an omitted access token or client secret keeps the stored one',
    handler: async (request) => connectors.saveSalesforce(request.actor, request.body, requestLocale(request)),
  });

  route(app, connectorsApi.testSalesforce, {
    access: 'admin',
    tags: ['connectors'],
    summary: 'Try the stored Salesforce credentials',
    handler: async (request) => connectors.test('salesforce', requestLocale(request)),
  });

  route(app, connectorsApi.syncSalesforce, {
    access: 'admin',
    tags: ['connectors'],
    summary: 'Queue a Salesforce sync now (one at a time; from=start reads everything again); the log shows its run',
    handler: async (request) => {
      await connectors.syncNow('salesforce', request.query.from === 'start');
      return connectors.salesforceStatus(requestLocale(request));
    },
  });
}
