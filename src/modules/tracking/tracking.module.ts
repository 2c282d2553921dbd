import { defineModule } from '../module.js';
import { registerTrackingCommands } from './tracking.cli.js';
import { trackingRoutes } from './tracking.routes.js';

export const trackingModule = defineModule({
  name: 'tracking',
  async routes(app, { services }) {
    await trackingRoutes(app, services);
  },
  cli: registerTrackingCommands,
});
