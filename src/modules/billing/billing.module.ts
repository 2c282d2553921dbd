import { defineModule } from '../module.js';
import { billingRoutes } from './billing.routes.js';

export const billingModule = defineModule({
  name: 'billing',
  routes(app, { services, config }) {
    billingRoutes(app, { billing: services.billing, publicUrl: config.TENURE_PUBLIC_URL });
  },
});
