import { defineModule } from '../module.js';
import { registerImportCommands } from './imports.cli.js';
import { importJobs } from './imports.jobs.js';
import { importRoutes } from './imports.routes.js';

export const importsModule = defineModule({
  name: 'imports',
  routes(app, { services }) {
    importRoutes(app, services);
    // An import still running in the background finishes (or fails) before the database closes under it.
    app.addHook('onClose', () => services.imports.idle());
  },
  jobs: importJobs,
  cli: registerImportCommands,
});
