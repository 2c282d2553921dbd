import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { journeysApi } from '../../shared/journeys.js';
import type { JourneyService } from './journeys.service.js';

/** The accounts service's get (404 for an unknown account); described, not imported, to keep the module graph acyclic. */
interface AccountLookup {
  get(id: string): Promise<unknown>;
}

/** Admins and CS managers edit, publish, pause and archive; everyone signed in reads; CSMs (write) enrol. */
export function journeyRoutes(app: App, { journeys, accounts }: { journeys: JourneyService; accounts: AccountLookup }) {
  const tags = ['journeys'];
  route(app, journeysApi.list, { access: 'read', tags, handler: (request) => journeys.list(request.query) });
  route(app, journeysApi.create, {
    access: 'manage',
    tags,
    summary:
      'Create a journey (a draft): name, description, definition; step references, templates and segments checked',
    handler: (request) => journeys.create(request.actor, request.body),
  });
  route(app, journeysApi.get, { access: 'read', tags, handler: (request) => journeys.get(request.params.id) });
  route(app, journeysApi.update, {
    access: 'manage',
    tags,
    handler: (request) => journeys.update(request.actor, request.params.id, request.body),
  });
  route(app, journeysApi.publish, {
    access: 'manage',
    tags,
    summary: 'Publish the draft as the next version; participants keep their step where it still exists',
    handler: (request) => journeys.publish(request.actor, request.params.id),
  });
  route(app, journeysApi.pause, {
    access: 'manage',
    tags,
    handler: (request) => journeys.pause(request.actor, request.params.id),
  });
  route(app, journeysApi.resume, {
    access: 'manage',
    tags,
    handler: (request) => journeys.resume(request.actor, request.params.id),
  });
  route(app, journeysApi.archive, {
    access: 'manage',
    tags,
    handler: (request) => journeys.archive(request.actor, request.params.id),
  });
  route(app, journeysApi.enrol, {
    access: 'write',
    tags,
    summary: 'Enrol accounts or contacts by hand; re-entry rules and exit criteria apply',
    handler: (request) => journeys.enrol(request.params.id, request.body),
  });
  route(app, journeysApi.participants, {
    access: 'read',
    tags,
    handler: (request) => journeys.participants(request.params.id, request.query),
  });
  route(app, journeysApi.removeParticipant, {
    access: 'manage',
    tags,
    handler: async (request) => {
      await journeys.removeParticipant(request.params.id, request.params.participantId);
      return { ok: true as const };
    },
  });
  route(app, journeysApi.ofAccount, {
    access: 'read',
    tags,
    handler: async (request) => {
      await accounts.get(request.params.id);
      return journeys.ofAccount(request.params.id);
    },
  });
}
