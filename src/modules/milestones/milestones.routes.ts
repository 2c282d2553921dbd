import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { milestonesApi } from '../../shared/milestones.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { MilestoneService } from './milestones.service.js';
import type { createOnboardingRisk } from './onboarding-risk.js';

export function milestoneRoutes(
  app: App,
  {
    milestones,
    onboardingRisk,
    settings,
  }: {
    milestones: MilestoneService;
    onboardingRisk: ReturnType<typeof createOnboardingRisk>;
    settings: SettingsService;
  },
) {
  const tags = ['milestones'];
  route(app, milestonesApi.templates, {
    access: 'read',
    tags,
    handler: async () => ({ items: await milestones.templates() }),
  });
  route(app, milestonesApi.createTemplate, {
    access: 'admin',
    tags,
    handler: (request) => milestones.createTemplate(request.actor, request.body),
  });
  route(app, milestonesApi.updateTemplate, {
    access: 'admin',
    tags,
    handler: (request) => milestones.updateTemplate(request.actor, request.params.id, request.body),
  });
  route(app, milestonesApi.forAccount, {
    access: 'read',
    tags,
    handler: async (request) => ({ items: await milestones.forAccount(request.params.id) }),
  });
  route(app, milestonesApi.complete, {
    access: 'write',
    tags,
    handler: (request) =>
      milestones.complete(request.actor, request.params.id, request.params.templateId, request.body.done),
  });
  route(app, milestonesApi.board, { access: 'read', tags, handler: (request) => milestones.board(request.query) });
  route(app, milestonesApi.risk, { access: 'read', tags, handler: () => onboardingRisk.report() });
  route(app, milestonesApi.setRiskWeights, {
    access: 'admin',
    tags,
    handler: (request) => settings.set(request.actor, 'onboarding_risk_weights', request.body),
  });
}
