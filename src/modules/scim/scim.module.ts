import { defineModule } from '../module.js';
import { scimProtocolRoutes, scimSettingsRoutes } from './scim.routes.js';
import { createScimService, type ScimService } from './scim.service.js';

declare module '../module.js' {
  interface ModuleServices {
    scim: ScimService;
  }
}

/** SCIM 2.0 user provisioning (docs/scim.md): a leaf module, so its service comes from here. */
export const scimModule = defineModule({
  name: 'scim',
  services: ({ services }) => ({ scim: createScimService(services) }),
  routes(app, { services, config }) {
    scimProtocolRoutes(app, { scim: services.scim, publicUrl: config.TENURE_PUBLIC_URL });
    scimSettingsRoutes(app, { scim: services.scim, publicUrl: config.TENURE_PUBLIC_URL });
  },
});
