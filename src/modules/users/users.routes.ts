import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { usersApi } from '../../shared/users.js';
import type { UserService } from './users.service.js';

export function userRoutes(app: App, { users }: { users: UserService }) {
  /** Everyone may see the team (owner pickers, names on the timeline); only admins change it. */
  route(app, usersApi.list, { access: 'read', tags: ['users'], handler: async () => ({ items: await users.list() }) });
  route(app, usersApi.create, {
    access: 'admin',
    tags: ['users'],
    handler: (request) => users.create(request.actor, request.body),
  });
  route(app, usersApi.update, {
    access: 'admin',
    tags: ['users'],
    handler: (request) => users.update(request.actor, request.params.id, request.body),
  });
}
