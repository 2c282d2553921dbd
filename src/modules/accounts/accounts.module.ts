import { defineModule } from '../module.js';
import { accountRoutes } from './accounts.routes.js';

export const accountsModule = defineModule({
  name: 'accounts',
  routes(app, { services }) {
    accountRoutes(app, services);
  },
});
