import { defineModule } from '../module.js';
import { registerPredictionCommands } from './prediction.cli.js';
import { predictionJobs } from './prediction.jobs.js';
import { predictionRoutes } from './prediction.routes.js';

export const predictionModule = defineModule({
  name: 'prediction',
  routes(app, { services }) {
    predictionRoutes(app, services);
    // A training run started here finishes (or fails) before the database closes under it.
    app.addHook('onClose', () => services.prediction.idle());
  },
  jobs: predictionJobs,
  cli: registerPredictionCommands,
});
