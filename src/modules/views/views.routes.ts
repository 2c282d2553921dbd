import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import { type App, idParams, okResponse } from '../../http/types.js';

const viewSchema = z.object({ id: z.string(), page: z.string(), name: z.string(), state: z.record(z.string(), z.unknown()), created_at: z.date() });

/** Saved views: a person's named list settings (search, filters, sort, segment). Personal, so no audit. */
export function viewRoutes(app: App, { db }: { db: Kysely<DB> }) {
  app.get('/api/views', {
    config: { access: 'read' },
    schema: { tags: ['views'], querystring: z.object({ page: z.string().max(50) }), response: { 200: z.object({ items: z.array(viewSchema) }) } },
    handler: async (request) => ({
      items:
        request.actor.type === 'user' && request.actor.id
          ? await db
              .selectFrom('saved_views')
              .select(['id', 'page', 'name', 'state', 'created_at'])
              .where('user_id', '=', request.actor.id)
              .where('page', '=', request.query.page)
              .orderBy('name')
              .execute()
          : [],
    }),
  });

  app.post('/api/views', {
    config: { access: 'read' },
    schema: {
      tags: ['views'],
      body: z.object({ page: z.string().min(1).max(50), name: z.string().trim().min(1).max(100), state: z.record(z.string(), z.unknown()) }),
      response: { 201: viewSchema },
    },
    handler: async (request, reply) => {
      if (request.actor.type !== 'user' || !request.actor.id) throw notFound('user');
      const row = await db
        .insertInto('saved_views')
        .values({ user_id: request.actor.id, page: request.body.page, name: request.body.name, state: JSON.stringify(request.body.state) })
        .returning(['id', 'page', 'name', 'state', 'created_at'])
        .executeTakeFirstOrThrow();
      return reply.status(201).send(row);
    },
  });

  app.delete('/api/views/:id', {
    config: { access: 'read' },
    schema: { tags: ['views'], params: idParams, response: { 200: okResponse } },
    handler: async (request) => {
      const deleted =
        request.actor.type === 'user' && request.actor.id
          ? await db.deleteFrom('saved_views').where('id', '=', request.params.id).where('user_id', '=', request.actor.id).returning('id').executeTakeFirst()
          : undefined;
      if (!deleted) throw notFound('view');
      return { ok: true as const };
    },
  });
}
