import { defineModule } from '../module.js';
import { journeyJobs, journeysOnAccountsChanged } from './journeys.jobs.js';
import { journeyRoutes } from './journeys.routes.js';

/**
 * Journeys (docs/journeys.md): programs of steps — send, wait, branch, CTA, update a field, segment, exit —
 * that accounts or contacts move through on the job queue. The service is wired in src/services.ts (it
 * sends through messaging, looked up when a step runs); the engine runs every minute and on the
 * data-arrival signal (segment entries and exit criteria follow new data).
 */
export const journeysModule = defineModule({
  name: 'journeys',
  routes(app, { services }) {
    journeyRoutes(app, services);
  },
  jobs: journeyJobs,
  onAccountsChanged: { order: 70, listener: journeysOnAccountsChanged },
});
