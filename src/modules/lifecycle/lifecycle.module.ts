import { defineModule } from '../module.js';
import { registerLifecycleCommands } from './lifecycle.cli.js';
import { lifecycleJobs, lifecycleOnAccountsChanged } from './lifecycle.jobs.js';
import { lifecycleRoutes } from './lifecycle.routes.js';

export const lifecycleModule = defineModule({
  name: 'lifecycle',
  routes(app, { services }) {
    lifecycleRoutes(app, services);
  },
  jobs: lifecycleJobs,
  // First: a first payment or a cancellation moves the stage before the other listeners run.
  onAccountsChanged: { order: 10, listener: lifecycleOnAccountsChanged },
  cli: registerLifecycleCommands,
});
