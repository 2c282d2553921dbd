import { defineModule } from '../module.js';
import { handoffRoutes } from './handoff.routes.js';

export const handoffModule = defineModule({
  name: 'handoff',
  routes(app, { services }) {
    handoffRoutes(app, services);
  },
});
