import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { contactsApi } from '../../shared/contacts.js';
import type { AccountService } from '../accounts/accounts.service.js';
import type { ContactService } from './contacts.service.js';

export function contactRoutes(
  app: App,
  { contacts, accounts }: { contacts: ContactService; accounts: Pick<AccountService, 'get'> },
) {
  const tags = ['contacts'];
  route(app, contactsApi.list, {
    access: 'read',
    cache: true,
    tags,
    handler: async (request) => {
      await accounts.get(request.params.id);
      return { items: await contacts.list(request.params.id) };
    },
  });
  route(app, contactsApi.create, {
    access: 'write',
    tags,
    handler: async (request) => {
      await accounts.get(request.params.id);
      return contacts.create(request.actor, request.params.id, request.body);
    },
  });
  route(app, contactsApi.get, {
    access: 'read',
    tags,
    handler: (request) => contacts.get(request.params.id, request.params.contactId),
  });
  route(app, contactsApi.update, {
    access: 'write',
    tags,
    handler: (request) => contacts.update(request.actor, request.params.id, request.params.contactId, request.body),
  });
  route(app, contactsApi.remove, {
    access: 'write',
    tags,
    handler: async (request) => {
      await contacts.remove(request.actor, request.params.id, request.params.contactId);
      return { ok: true as const };
    },
  });
}
