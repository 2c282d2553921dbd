import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { activationApi } from '../../shared/activation.js';
import type { ActivationService } from './activation.service.js';

export function activationRoutes(app: App, { activation }: { activation: ActivationService }) {
  route(app, activationApi.cohorts, {
    access: 'read',
    tags: ['reports'],
    summary: 'Activation cohort curves: share of each signup month reaching the key behaviour by day N',
    handler: (request) => activation.cohorts(request.query),
  });
  route(app, activationApi.retention, {
    access: 'read',
    tags: ['reports'],
    summary:
      'The 90-day onboarding rule: retention of accounts that did or did not reach the key behaviour in their first 90 paid days',
    handler: () => activation.retention(),
  });
  route(app, activationApi.concentration, {
    access: 'read',
    tags: ['reports'],
    summary: 'The 90/10 view: share of each account’s events made by its top 10 % of people',
    handler: () => activation.concentration(),
  });
  route(app, activationApi.account, {
    access: 'read',
    tags: ['accounts'],
    summary: 'One account’s 90/10 figure',
    handler: (request) => activation.account(request.params.id),
  });
}
