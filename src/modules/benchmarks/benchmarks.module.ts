import { defineModule } from '../module.js';
import { benchmarkRoutes } from './benchmarks.routes.js';
import { createBenchmarkService } from './benchmarks.service.js';

/**
 * Peer benchmark (docs/benchmarks.md): an account's figures against comparable customers, shown on the
 * Customer 360. Reads the accounts' facts and usage's module totals through their read models and owns no
 * table; nothing depends on it, so its service is built with its routes.
 */
export const benchmarksModule = defineModule({
  name: 'benchmarks',
  routes(app, { services }) {
    benchmarkRoutes(app, { benchmarks: createBenchmarkService(services) });
  },
});
