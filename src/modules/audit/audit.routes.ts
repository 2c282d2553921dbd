import { z } from 'zod';
import { type App, pageQuery, paged } from '../../http/types.js';
import type { AuditService } from './audit.service.js';

const entrySchema = z.object({
  id: z.number(),
  actor_type: z.string(),
  actor_id: z.string().nullable(),
  actor_name: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entity_id: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  at: z.date(),
});

export function auditRoutes(app: App, { audit }: { audit: AuditService }) {
  app.get('/api/audit', {
    config: { access: 'admin' },
    schema: {
      tags: ['audit'],
      querystring: pageQuery.extend({
        entity: z.string().max(100).optional(),
        entityId: z.string().max(100).optional(),
      }),
      response: { 200: paged(entrySchema) },
    },
    handler: (request) => audit.list(request.query),
  });
}
