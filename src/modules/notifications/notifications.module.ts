import { defineModule } from '../module.js';
import { notificationJobs } from './notifications.jobs.js';
import { notificationRoutes } from './notifications.routes.js';

export const notificationsModule = defineModule({
  name: 'notifications',
  routes(app, { services }) {
    notificationRoutes(app, services);
  },
  jobs: notificationJobs,
});
