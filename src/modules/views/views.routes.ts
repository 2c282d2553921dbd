import { z } from 'zod';
import { type App, idParams, okResponse } from '../../http/types.js';
import { conditionSchema } from '../../shared/conditions.js';
import type { ViewService } from './views.service.js';

// A view's filters go back to the accounts list as they are: refuse now what the list would refuse then.
const viewState = z.looseObject({ filters: z.array(conditionSchema).max(50).optional() });

const viewSchema = z.object({
  id: z.string(),
  page: z.string(),
  name: z.string(),
  state: z.record(z.string(), z.unknown()),
  created_at: z.date(),
});

export function viewRoutes(app: App, { views }: { views: ViewService }) {
  app.get('/api/views', {
    config: { access: 'read' },
    schema: {
      tags: ['views'],
      querystring: z.object({ page: z.string().max(50) }),
      response: { 200: z.object({ items: z.array(viewSchema) }) },
    },
    handler: async (request) => ({ items: await views.list(request.actor, request.query.page) }),
  });

  app.post('/api/views', {
    config: { access: 'read' },
    schema: {
      tags: ['views'],
      body: z.object({ page: z.string().min(1).max(50), name: z.string().trim().min(1).max(100), state: viewState }),
      response: { 201: viewSchema },
    },
    handler: async (request, reply) => reply.status(201).send(await views.create(request.actor, request.body)),
  });

  app.delete('/api/views/:id', {
    config: { access: 'read' },
    schema: { tags: ['views'], params: idParams, response: { 200: okResponse } },
    handler: async (request) => {
      await views.remove(request.actor, request.params.id);
      return { ok: true as const };
    },
  });
}
