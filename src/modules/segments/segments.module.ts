import { defineModule } from '../module.js';
import { segmentRoutes } from './segments.routes.js';

export const segmentsModule = defineModule({
  name: 'segments',
  routes(app, { services }) {
    segmentRoutes(app, services);
  },
});
