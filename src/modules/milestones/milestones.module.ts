import { defineModule } from '../module.js';
import { milestoneRoutes } from './milestones.routes.js';

export const milestonesModule = defineModule({
  name: 'milestones',
  routes(app, { services }) {
    milestoneRoutes(app, services);
  },
});
