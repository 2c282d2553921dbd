import { defineModule } from '../module.js';
import { settingsRoutes } from './settings.routes.js';

export const settingsModule = defineModule({
  name: 'settings',
  routes(app, { services }) {
    settingsRoutes(app, services);
  },
});
