import { z } from 'zod';
import { type App, okResponse } from '../../http/types.js';
import { contactInputSchema, contactPatchSchema, contactSchema } from '../../shared/contacts.js';
import type { AccountService } from '../accounts/accounts.service.js';
import type { ContactService } from './contacts.service.js';

const accountParams = z.object({ id: z.uuid() });
const contactParams = z.object({ id: z.uuid(), contactId: z.uuid() });

export function contactRoutes(
  app: App,
  { contacts, accounts }: { contacts: ContactService; accounts: Pick<AccountService, 'get'> },
) {
  app.get('/api/accounts/:id/contacts', {
    config: { access: 'read' },
    schema: {
      tags: ['contacts'],
      params: accountParams,
      response: { 200: z.object({ items: z.array(contactSchema) }) },
    },
    handler: async (request) => {
      await accounts.get(request.params.id);
      return { items: await contacts.list(request.params.id) };
    },
  });

  app.post('/api/accounts/:id/contacts', {
    config: { access: 'write' },
    schema: { tags: ['contacts'], params: accountParams, body: contactInputSchema, response: { 201: contactSchema } },
    handler: async (request, reply) => {
      await accounts.get(request.params.id);
      return reply.status(201).send(await contacts.create(request.actor, request.params.id, request.body));
    },
  });

  app.get('/api/accounts/:id/contacts/:contactId', {
    config: { access: 'read' },
    schema: { tags: ['contacts'], params: contactParams, response: { 200: contactSchema } },
    handler: (request) => contacts.get(request.params.id, request.params.contactId),
  });

  app.patch('/api/accounts/:id/contacts/:contactId', {
    config: { access: 'write' },
    schema: { tags: ['contacts'], params: contactParams, body: contactPatchSchema, response: { 200: contactSchema } },
    handler: (request) => contacts.update(request.actor, request.params.id, request.params.contactId, request.body),
  });

  app.delete('/api/accounts/:id/contacts/:contactId', {
    config: { access: 'write' },
    schema: { tags: ['contacts'], params: contactParams, response: { 200: okResponse } },
    handler: async (request) => {
      await contacts.remove(request.actor, request.params.id, request.params.contactId);
      return { ok: true as const };
    },
  });
}
