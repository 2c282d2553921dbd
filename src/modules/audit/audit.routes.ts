import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { auditApi } from '../../shared/audit.js';
import type { AuditService } from './audit.service.js';

export function auditRoutes(app: App, { audit }: { audit: AuditService }) {
  route(app, auditApi.list, { access: 'admin', tags: ['audit'], handler: (request) => audit.list(request.query) });
}
