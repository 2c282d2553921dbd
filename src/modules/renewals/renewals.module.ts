import { defineModule } from '../module.js';
import { registerRenewalCommands } from './renewals.cli.js';
import { expansionRoutes } from './expansion.routes.js';
import { renewalRoutes } from './renewals.routes.js';

/** Renewal centre, expansion opportunities and advocacy. */
export const renewalsModule = defineModule({
  name: 'renewals',
  routes(app, { services }) {
    renewalRoutes(app, services);
    expansionRoutes(app, services);
  },
  cli: registerRenewalCommands,
});
