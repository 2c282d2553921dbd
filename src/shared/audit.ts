import { z } from 'zod';
import { endpoint, pageQuery, paged, type Wire } from './endpoint.js';

/** One change: who did what to which entity, with the record before and after. */
export const auditEntrySchema = z.object({
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
export type AuditEntry = Wire<z.infer<typeof auditEntrySchema>>;

export const auditQuerySchema = pageQuery.extend({
  entity: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditApi = {
  list: endpoint({ method: 'GET', path: '/api/audit', query: auditQuerySchema, response: paged(auditEntrySchema) }),
};
