import { defineModule } from '../module.js';
import { subscriptionRoutes } from './subscriptions.routes.js';

export const subscriptionsModule = defineModule({
  name: 'subscriptions',
  routes(app, { services }) {
    subscriptionRoutes(app, services);
  },
});
