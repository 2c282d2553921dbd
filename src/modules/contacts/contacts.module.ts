import { defineModule } from '../module.js';
import { contactRoutes } from './contacts.routes.js';

export const contactsModule = defineModule({
  name: 'contacts',
  routes(app, { services }) {
    contactRoutes(app, services);
  },
});
