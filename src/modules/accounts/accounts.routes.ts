import { type App, idParams, okResponse, paged } from '../../http/types.js';
import {
  accountInputSchema,
  accountListQuerySchema,
  accountPatchSchema,
  accountSchema,
} from '../../shared/accounts.js';
import type { SegmentService } from '../segments/segments.service.js';
import type { AccountService } from './accounts.service.js';

export function accountRoutes(
  app: App,
  { accounts, segments }: { accounts: AccountService; segments: Pick<SegmentService, 'rules'> },
) {
  app.get('/api/accounts', {
    config: { access: 'read' },
    schema: {
      tags: ['accounts'],
      summary: 'List accounts: paging, sorting, search, filters, segment, exact external id',
      querystring: accountListQuerySchema,
      response: { 200: paged(accountSchema) },
    },
    handler: async (request) => {
      const query = request.query;
      const ruleSets = query.segmentId ? [await segments.rules(query.segmentId)] : [];
      return accounts.list(query, ruleSets);
    },
  });

  app.post('/api/accounts', {
    config: { access: 'write' },
    schema: { tags: ['accounts'], body: accountInputSchema, response: { 201: accountSchema } },
    handler: async (request, reply) => reply.status(201).send(await accounts.create(request.actor, request.body)),
  });

  app.get('/api/accounts/:id', {
    config: { access: 'read' },
    schema: { tags: ['accounts'], params: idParams, response: { 200: accountSchema } },
    handler: (request) => accounts.get(request.params.id),
  });

  app.patch('/api/accounts/:id', {
    config: { access: 'write' },
    schema: { tags: ['accounts'], params: idParams, body: accountPatchSchema, response: { 200: accountSchema } },
    handler: (request) => accounts.update(request.actor, request.params.id, request.body),
  });

  app.delete('/api/accounts/:id', {
    config: { access: 'manage' },
    schema: { tags: ['accounts'], params: idParams, response: { 200: okResponse } },
    handler: async (request) => {
      await accounts.remove(request.actor, request.params.id);
      return { ok: true as const };
    },
  });
}
