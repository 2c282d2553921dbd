import { defineModule } from '../module.js';
import { maturityRoutes } from './maturity.routes.js';
import { createMaturityService } from './maturity.service.js';

/**
 * The CS team's maturity self-assessment (docs/maturity.md): eight practices rated 1–5 by the CS leader,
 * kept as a history. A leaf: nothing depends on it, so its service is built with its routes.
 */
export const maturityModule = defineModule({
  name: 'maturity',
  routes(app, { services }) {
    maturityRoutes(app, { maturity: createMaturityService(services) });
  },
});
