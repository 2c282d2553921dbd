import { defineModule } from '../module.js';
import { viewRoutes } from './views.routes.js';

export const viewsModule = defineModule({
  name: 'views',
  routes(app, { services }) {
    viewRoutes(app, services);
  },
});
