import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { accountsApi } from '../../shared/accounts.js';
import type { SegmentService } from '../segments/segments.service.js';
import type { AccountService } from './accounts.service.js';

export function accountRoutes(
  app: App,
  { accounts, segments }: { accounts: AccountService; segments: Pick<SegmentService, 'rules'> },
) {
  const tags = ['accounts'];
  route(app, accountsApi.list, {
    access: 'read',
    cache: true,
    tags,
    summary: 'List accounts: paging, sorting, search, filters, segment, exact external id',
    handler: async (request) => {
      const query = request.query;
      const ruleSets = query.segmentId ? [await segments.rules(query.segmentId)] : [];
      return accounts.list(query, ruleSets);
    },
  });
  route(app, accountsApi.create, {
    access: 'write',
    tags,
    handler: (request) => accounts.create(request.actor, request.body),
  });
  route(app, accountsApi.get, {
    access: 'read',
    cache: true,
    tags,
    handler: (request) => accounts.get(request.params.id),
  });
  route(app, accountsApi.update, {
    access: 'write',
    tags,
    handler: (request) => accounts.update(request.actor, request.params.id, request.body),
  });
  route(app, accountsApi.remove, {
    access: 'manage',
    tags,
    handler: async (request) => {
      await accounts.remove(request.actor, request.params.id);
      return { ok: true as const };
    },
  });
}
