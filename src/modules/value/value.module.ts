import { defineModule } from '../module.js';
import { valueReportJobs } from './value.jobs.js';
import { valueReportRoutes } from './value.routes.js';
import { createValueReportService, type ValueReportService } from './value.service.js';

declare module '../module.js' {
  interface ModuleServices {
    valueReports: ValueReportService;
  }
}

/**
 * Monthly value reports to customers (docs/value-reports.md): on/off per account, the report for last month
 * emailed to the account's contact, preview and test send. A leaf module.
 */
export const valueModule = defineModule({
  name: 'value',
  services: ({ services, all }) => ({
    valueReports: createValueReportService({ ...services, messaging: () => all().messaging }),
  }),
  routes(app, { services }) {
    valueReportRoutes(app, services);
  },
  jobs: valueReportJobs,
});
