import { defineModule } from '../module.js';
import { surveyRoutes } from './surveys.routes.js';

/** NPS responses: imported in bulk, or recorded one at a time through the API (the Support tab). */
export const surveysModule = defineModule({
  name: 'surveys',
  routes(app, { services }) {
    surveyRoutes(app, services);
  },
});
