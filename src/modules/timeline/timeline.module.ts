import { defineModule } from '../module.js';
import { timelineRoutes } from './timeline.routes.js';

export const timelineModule = defineModule({
  name: 'timeline',
  routes(app, { services }) {
    timelineRoutes(app, services);
  },
});
