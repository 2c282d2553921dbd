import { defineModule } from '../module.js';
import { auditRoutes } from './audit.routes.js';

export const auditModule = defineModule({
  name: 'audit',
  routes(app, { services }) {
    auditRoutes(app, services);
  },
});
