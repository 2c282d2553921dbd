import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { npsApi, surveysApi } from '../../shared/surveys.js';
import type { NpsService } from './nps.service.js';
import type { SurveyService } from './surveys.service.js';

/** The accounts service's get (404 for an unknown account); described, not imported, to keep the module graph acyclic. */
interface AccountLookup {
  get(id: string): Promise<unknown>;
}

/** An account's NPS answers, listed and recorded one at a time (imports bring them in bulk); surveys sent by Tenure. */
export function surveyRoutes(
  app: App,
  {
    nps,
    accounts,
    surveys,
  }: { nps: Pick<NpsService, 'list' | 'record'>; accounts: AccountLookup; surveys: SurveyService },
) {
  const tags = ['surveys'];
  route(app, npsApi.list, {
    access: 'read',
    tags,
    summary: "An account's NPS answers, newest first",
    handler: async (request) => {
      await accounts.get(request.params.id);
      return nps.list(request.params.id, request.query);
    },
  });
  route(app, npsApi.record, {
    access: 'write',
    tags,
    summary: 'Record an NPS answer (score 0–10); health and the detractor rule see it at their next run',
    handler: async (request) => {
      await accounts.get(request.params.id);
      return nps.record(request.actor, request.params.id, request.body);
    },
  });

  route(app, surveysApi.list, {
    access: 'read',
    tags,
    summary: 'Surveys sent by Tenure, with how many were sent and answered',
    handler: () => surveys.list(),
  });
  route(app, surveysApi.create, {
    access: 'manage',
    tags,
    summary: 'Create a survey (NPS, CSAT or a custom question) and the message template inviting to it',
    handler: (request) => surveys.create(request.actor, request.body),
  });
  route(app, surveysApi.update, {
    access: 'manage',
    tags,
    summary: 'Change a survey',
    handler: (request) => surveys.update(request.actor, request.params.id, request.body),
  });
  route(app, surveysApi.send, {
    access: 'write',
    tags,
    summary:
      "Invite a contact, an account's contacts or a segment's; answers how many were sent and skipped (throttled, consent …)",
    handler: async (request) => {
      if (request.body.accountId) await accounts.get(request.body.accountId);
      return surveys.send(request.actor, request.params.id, request.body);
    },
  });
  route(app, surveysApi.report, {
    access: 'read',
    tags,
    summary: "A survey's report: response rate, score by month and segment, comments with their tags",
    handler: (request) => surveys.report(request.params.id),
  });
}
