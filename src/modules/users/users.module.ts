import { defineModule } from '../module.js';
import { userRoutes } from './users.routes.js';

export const usersModule = defineModule({
  name: 'users',
  routes(app, { services }) {
    userRoutes(app, services);
  },
});
