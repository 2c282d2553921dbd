import { z } from 'zod';
import { type App, idParams, okResponse } from '../../http/types.js';
import { ruleSetSchema } from '../../shared/conditions.js';
import type { SegmentService } from './segments.service.js';

const segmentInput = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).nullable().optional(),
  rules: ruleSetSchema,
});

const segmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  rules: ruleSetSchema,
  memberCount: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export function segmentRoutes(app: App, { segments }: { segments: SegmentService }) {
  app.get('/api/segments', {
    config: { access: 'read' },
    schema: { tags: ['segments'], response: { 200: z.object({ items: z.array(segmentSchema) }) } },
    handler: async () => ({ items: await segments.list() }),
  });
  app.post('/api/segments', {
    config: { access: 'write' },
    schema: { tags: ['segments'], body: segmentInput, response: { 201: segmentSchema } },
    handler: async (request, reply) => reply.status(201).send(await segments.create(request.actor, request.body)),
  });
  app.get('/api/segments/:id', {
    config: { access: 'read' },
    schema: { tags: ['segments'], params: idParams, response: { 200: segmentSchema } },
    handler: (request) => segments.get(request.params.id),
  });
  app.patch('/api/segments/:id', {
    config: { access: 'write' },
    schema: { tags: ['segments'], params: idParams, body: segmentInput.partial(), response: { 200: segmentSchema } },
    handler: (request) => segments.update(request.actor, request.params.id, request.body),
  });
  app.delete('/api/segments/:id', {
    config: { access: 'manage' },
    schema: { tags: ['segments'], params: idParams, response: { 200: okResponse } },
    handler: async (request) => {
      await segments.remove(request.actor, request.params.id);
      return { ok: true as const };
    },
  });
}
