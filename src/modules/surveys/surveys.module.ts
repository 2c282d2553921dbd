import { defineModule } from '../module.js';
import { surveysJobs, surveysOnAccountsChanged } from './surveys.jobs.js';
import { surveyInAppRoutes } from './surveys.inapp.js';
import { surveyPublicRoutes } from './surveys.public.js';
import { surveyRoutes } from './surveys.routes.js';

/**
 * NPS responses (imported in bulk, or recorded one at a time through the API: the Support tab) and surveys
 * sent by Tenure (docs/surveys.md): definitions, invitations through messaging (by hand, or after a support
 * ticket is closed), the public answer page, the report.
 */
export const surveysModule = defineModule({
  name: 'surveys',
  routes(app, { services, config }) {
    surveyRoutes(app, services);
    surveyPublicRoutes(app, { surveys: services.surveys, locale: config.TENURE_LOCALE ?? 'zh-CN' });
    surveyInAppRoutes(app, services);
  },
  jobs: surveysJobs,
  // After the CTA rules and the facts: a closed ticket's survey needs nothing they compute.
  onAccountsChanged: { order: 60, listener: surveysOnAccountsChanged },
});
