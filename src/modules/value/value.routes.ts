import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { valueReportsApi } from '../../shared/value.js';
import type { ValueReportService } from './value.service.js';

export function valueReportRoutes(app: App, { valueReports }: { valueReports: ValueReportService }) {
  route(app, valueReportsApi.state, {
    access: 'read',
    tags: ['accounts'],
    summary: 'Monthly value report of an account: on or off, recipient, recent sends',
    handler: (request) => valueReports.state(request.params.id),
  });
  route(app, valueReportsApi.setEnabled, {
    access: 'write',
    tags: ['accounts'],
    summary: 'Turn the monthly value report on or off for an account',
    handler: (request) => valueReports.setEnabled(request.actor, request.params.id, request.body.enabled),
  });
  route(app, valueReportsApi.preview, {
    access: 'read',
    tags: ['accounts'],
    summary: 'The value report email as the customer would get it (default: last month)',
    handler: (request) => valueReports.preview(request.params.id, request.query.month),
  });
  route(app, valueReportsApi.sendTest, {
    access: 'write',
    tags: ['accounts'],
    summary: 'Send the value report to me, as a test (not recorded as the month’s send)',
    handler: (request) => valueReports.sendTest(request.actor, request.params.id, request.body.month),
  });
}
