import { defineModule } from '../module.js';
import { registerMetricsCommands } from './metrics.cli.js';
import { metricsRoutes } from './metrics.routes.js';

export const metricsModule = defineModule({
  name: 'metrics',
  routes(app, { services }) {
    metricsRoutes(app, services);
  },
  cli: registerMetricsCommands,
});
