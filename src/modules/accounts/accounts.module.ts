import { defineModule } from '../module.js';
import { accountRoutes } from './accounts.routes.js';
import { attributeRoutes } from './attributes.routes.js';
import { type AttributeService, createAttributeService } from './attributes.js';

declare module '../module.js' {
  interface ModuleServices {
    attributes: AttributeService;
  }
}

export const accountsModule = defineModule({
  name: 'accounts',
  services: ({ services }) => ({ attributes: createAttributeService(services) }),
  routes(app, { services }) {
    accountRoutes(app, services);
    attributeRoutes(app, services);
  },
});
