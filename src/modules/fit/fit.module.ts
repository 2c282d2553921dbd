import { defineModule } from '../module.js';
import { fitRoutes } from './fit.routes.js';
import { createFitService, type FitService } from './fit.service.js';

declare module '../module.js' {
  interface ModuleServices {
    fit: FitService;
  }
}

/**
 * ICP fit (criteria over BANT answers and firmographics, a score per account) and customer maturity (a
 * CSM's assessment on four dimensions) — docs/fit-and-maturity.md. A leaf: nothing depends on it; the
 * facts refresh reads its read models (fit.read.ts) to keep the list figures current.
 */
export const fitModule = defineModule({
  name: 'fit',
  services: ({ services }) => ({ fit: createFitService(services) }),
  routes(app, { services }) {
    fitRoutes(app, services);
  },
});
