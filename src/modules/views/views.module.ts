import { defineModule } from '../module.js';
import { viewRoutes } from './views.routes.js';
import { createViewService, type ViewService } from './views.service.js';

declare module '../module.js' {
  interface ModuleServices {
    views: ViewService;
  }
}

/** Saved views: a leaf module, so its service comes from here (src/services.ts does not name it). */
export const viewsModule = defineModule({
  name: 'views',
  services: ({ services }) => ({ views: createViewService(services) }),
  routes(app, { services }) {
    viewRoutes(app, services);
  },
});
