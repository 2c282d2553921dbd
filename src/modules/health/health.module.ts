import { defineModule } from '../module.js';
import { registerHealthCommands } from './health.cli.js';
import { healthJobs, healthOnAccountsChanged } from './health.jobs.js';
import { healthRoutes } from './health.routes.js';

export const healthModule = defineModule({
  name: 'health',
  routes(app, { services }) {
    healthRoutes(app, services);
  },
  jobs: healthJobs,
  // After lifecycle and welcome, before the CTA rules: "health red for N weeks" reads the fresh score.
  onAccountsChanged: { order: 30, listener: healthOnAccountsChanged },
  cli: registerHealthCommands,
});
