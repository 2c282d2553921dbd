import { secureTransport } from '../../config.js';
import { defineModule } from '../module.js';
import { registerAuthCommands } from './auth.cli.js';
import { authRoutes } from './auth.routes.js';
import { ssoRoutes } from './sso.routes.js';
import { createSsoService, type SsoService } from './sso.service.js';

declare module '../module.js' {
  interface ModuleServices {
    /** Single sign-on with OpenID Connect (docs/sso.md): nothing else depends on it, so built here. */
    sso: SsoService;
  }
}

export const authModule = defineModule({
  name: 'auth',
  services: ({ services }) => ({ sso: createSsoService(services) }),
  routes(app, { services, config }) {
    authRoutes(app, {
      auth: services.auth,
      users: services.users,
      cookieSecure: secureTransport(config),
      sessionDays: config.TENURE_SESSION_DAYS,
      publicUrl: config.TENURE_PUBLIC_URL,
      organisation: { currency: config.TENURE_CURRENCY, timeZone: config.TENURE_TIMEZONE },
    });
    ssoRoutes(app, {
      sso: services.sso,
      cookieSecure: secureTransport(config),
      sessionDays: config.TENURE_SESSION_DAYS,
      publicUrl: config.TENURE_PUBLIC_URL,
    });
  },
  cli: registerAuthCommands,
});
