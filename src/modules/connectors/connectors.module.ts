import { defineModule } from '../module.js';
import { connectorJobs } from './connectors.jobs.js';
import { connectorRoutes } from './connectors.routes.js';
import { type ConnectorService, createConnectorService } from './connectors.service.js';
import { createCrmWriter } from './crm.sync.js';
import { createHubSpotConnector } from './hubspot.js';
import { createSalesforceConnector } from './salesforce.js';
import { createZendeskConnector } from './zendesk.js';

declare module '../module.js' {
  interface ModuleServices {
    connectors: ConnectorService;
  }
}

/** Connectors to the systems next to a CS team (docs/connectors.md): Zendesk tickets; HubSpot and Salesforce companies, contacts and won deals. A leaf module. */
export const connectorsModule = defineModule({
  name: 'connectors',
  services: ({ services }) => ({
    connectors: createConnectorService({
      ...services,
      connectors: [
        createZendeskConnector({ db: services.db, tickets: services.tickets }),
        createHubSpotConnector({ db: services.db, crm: createCrmWriter(services) }),
        createSalesforceConnector({ db: services.db, crm: createCrmWriter(services) }),
      ],
    }),
  }),
  routes(app, { services }) {
    connectorRoutes(app, services);
  },
  jobs: connectorJobs,
});
