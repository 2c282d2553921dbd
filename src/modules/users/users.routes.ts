import { z } from 'zod';
import { type App, idParams } from '../../http/types.js';
import { passwordSchema } from '../../shared/passwords.js';
import { ROLES } from '../../shared/roles.js';
import type { UserService } from './users.service.js';

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  locale: z.enum(['zh-CN', 'en']).nullable(),
  active: z.boolean(),
  last_login_at: z.date().nullable(),
  created_at: z.date(),
});

const password = passwordSchema;

export function userRoutes(app: App, { users }: { users: UserService }) {
  /** Everyone may see the team (owner pickers, names on the timeline); only admins change it. */
  app.get('/api/users', {
    config: { access: 'read' },
    schema: { tags: ['users'], response: { 200: z.object({ items: z.array(userSchema) }) } },
    handler: async () => ({ items: await users.list() }),
  });

  app.post('/api/users', {
    config: { access: 'admin' },
    schema: {
      tags: ['users'],
      body: z.object({
        email: z.email(),
        name: z.string().trim().min(1).max(200),
        role: z.enum(ROLES),
        password: password.optional(),
        locale: z.enum(['zh-CN', 'en']).nullable().optional(),
      }),
      response: { 201: userSchema },
    },
    handler: async (request, reply) => reply.status(201).send(await users.create(request.actor, request.body)),
  });

  app.patch('/api/users/:id', {
    config: { access: 'admin' },
    schema: {
      tags: ['users'],
      params: idParams,
      body: z.object({
        name: z.string().trim().min(1).max(200).optional(),
        role: z.enum(ROLES).optional(),
        active: z.boolean().optional(),
        password: password.optional(),
        locale: z.enum(['zh-CN', 'en']).nullable().optional(),
      }),
      response: { 200: userSchema },
    },
    handler: (request) => users.update(request.actor, request.params.id, request.body),
  });
}
