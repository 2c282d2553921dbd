import { secureTransport } from '../../config.js';
import { defineModule } from '../module.js';
import { registerAuthCommands } from './auth.cli.js';
import { authRoutes } from './auth.routes.js';

export const authModule = defineModule({
  name: 'auth',
  routes(app, { services, config }) {
    authRoutes(app, {
      auth: services.auth,
      users: services.users,
      cookieSecure: secureTransport(config),
      sessionDays: config.TENURE_SESSION_DAYS,
      publicUrl: config.TENURE_PUBLIC_URL,
      organisation: { currency: config.TENURE_CURRENCY, timeZone: config.TENURE_TIMEZONE },
    });
  },
  cli: registerAuthCommands,
});
