import { defineModule } from '../module.js';
import { welcomeJobs, welcomeOnAccountsChanged } from './welcome.jobs.js';
import { welcomeRoutes } from './welcome.routes.js';

export const welcomeModule = defineModule({
  name: 'welcome',
  async routes(app, { services }) {
    await welcomeRoutes(app, services);
  },
  jobs: welcomeJobs,
  // After lifecycle: a first payment queues the welcome at once.
  onAccountsChanged: { order: 20, listener: welcomeOnAccountsChanged },
});
