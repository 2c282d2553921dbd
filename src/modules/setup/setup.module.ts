import { secureTransport } from '../../config.js';
import { defineModule } from '../module.js';
import { setupRoutes } from './setup.routes.js';
import { createSetupService } from './setup.service.js';

/** First start without the demo: the one-time link the server printed creates the first admin. */
export const setupModule = defineModule({
  name: 'setup',
  routes(app, { services, config }) {
    setupRoutes(app, {
      setup: createSetupService(services),
      auth: services.auth,
      cookieSecure: secureTransport(config),
      sessionDays: config.TENURE_SESSION_DAYS,
      publicUrl: config.TENURE_PUBLIC_URL,
    });
  },
});
