import { defineModule } from '../module.js';
import { activationRoutes } from './activation.routes.js';
import { type ActivationService, createActivationService } from './activation.service.js';

declare module '../module.js' {
  interface ModuleServices {
    activation: ActivationService;
  }
}

/**
 * Activation reports (docs/activation.md): cohort curves of the key behaviour and the 90/10 view. Reads the
 * accounts', subscriptions' and usage's read models and owns no table; a leaf module.
 */
export const activationModule = defineModule({
  name: 'activation',
  services: ({ services }) => ({ activation: createActivationService(services) }),
  routes(app, { services }) {
    activationRoutes(app, services);
  },
});
