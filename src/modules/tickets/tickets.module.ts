import { defineModule } from '../module.js';
import { ticketRoutes } from './tickets.routes.js';

/** Support tickets: imported in bulk, or written one at a time through the API (the Support tab). */
export const ticketsModule = defineModule({
  name: 'tickets',
  routes(app, { services }) {
    ticketRoutes(app, services);
  },
});
