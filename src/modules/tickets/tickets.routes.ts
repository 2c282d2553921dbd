import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { ticketsApi } from '../../shared/tickets.js';
import type { TicketService } from './tickets.service.js';

/** The accounts service's get (404 for an unknown account); described, not imported, to keep the module graph acyclic. */
interface AccountLookup {
  get(id: string): Promise<unknown>;
}

/** The Support tab's API: an account's tickets. Support staff write them like every role but viewers. */
export function ticketRoutes(
  app: App,
  { tickets, accounts }: { tickets: Pick<TicketService, 'list' | 'create' | 'update'>; accounts: AccountLookup },
) {
  const tags = ['tickets'];
  route(app, ticketsApi.list, {
    access: 'read',
    tags,
    summary: "An account's tickets: open or closed, by priority, sorted by opening, age or priority",
    handler: async (request) => {
      await accounts.get(request.params.id);
      return tickets.list(request.params.id, request.query);
    },
  });
  route(app, ticketsApi.create, {
    access: 'write',
    tags,
    summary: 'Record a ticket; an external id already on the account updates that ticket, as an import does',
    handler: async (request) => {
      await accounts.get(request.params.id);
      return tickets.create(request.actor, request.params.id, request.body);
    },
  });
  route(app, ticketsApi.update, {
    access: 'write',
    tags,
    summary: 'Change status, priority, type, subject or CSAT; a solved or closed status stamps the closing time',
    handler: (request) => tickets.update(request.actor, request.params.id, request.params.ticketId, request.body),
  });
}
