import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { teamApi } from '../../shared/team.js';
import type { TeamService } from './team.service.js';

export function teamRoutes(app: App, { team }: { team: TeamService }) {
  const tags = ['team'];
  route(app, teamApi.overview, {
    access: 'manage',
    tags,
    summary:
      "Each account owner's book: accounts, ARR, CTAs, touches, renewals, ARR at risk, 12-month churn, expansion and NRR, capacity",
    handler: () => team.overview(),
  });
  route(app, teamApi.capacity, {
    access: 'manage',
    tags,
    summary: 'Capacity per CSM: default limit in accounts or ARR, per-person overrides',
    handler: () => team.capacity(),
  });
  route(app, teamApi.setCapacity, {
    access: 'admin',
    tags,
    summary: 'Set the capacity per CSM (audited)',
    handler: (request) => team.setCapacity(request.actor, request.body),
  });
  route(app, teamApi.reassign, {
    access: 'manage',
    tags,
    summary: "Move a CSM's book (or chosen accounts) to another owner in one transaction; open CTAs follow; audited",
    handler: (request) => team.reassign(request.actor, request.body),
  });
}
