import { defineModule } from '../module.js';
import { usageRoutes } from './usage.routes.js';

export const usageModule = defineModule({
  name: 'usage',
  routes(app, { services }) {
    usageRoutes(app, services);
  },
});
