import { defineModule } from '../module.js';
import { registerCtaCommands } from './ctas.cli.js';
import { ctasJobs, ctasOnAccountsChanged } from './ctas.jobs.js';
import { ctaRoutes } from './ctas.routes.js';
import { ruleRoutes } from './rules.routes.js';

/** Calls to Action, their rules and playbooks. */
export const ctasModule = defineModule({
  name: 'ctas',
  routes(app, { services, config }) {
    ctaRoutes(app, {
      ctas: services.ctas,
      taskEmails: services.taskEmails,
      clock: services.clock,
      timeZone: config.TENURE_TIMEZONE,
    });
    ruleRoutes(app, services);
  },
  jobs: ctasJobs,
  // Last: the rules read what the listeners before them wrote (stage, health score).
  onAccountsChanged: { order: 40, listener: ctasOnAccountsChanged },
  cli: registerCtaCommands,
});
