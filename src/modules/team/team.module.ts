import { defineModule } from '../module.js';
import { createBookService } from './books.service.js';
import { teamRoutes } from './team.routes.js';
import { createTeamService } from './team.service.js';

/**
 * Team and workload (docs/team.md): each owner's book side by side with capacity, and the bulk
 * reassignment. Composes the other modules' services and owns no table; nothing depends on its
 * service and it needs the organisation's time zone and currency, so it is built with its routes.
 */
export const teamModule = defineModule({
  name: 'team',
  routes(app, { services, config }) {
    const team = createTeamService({
      ...services,
      timeZone: config.TENURE_TIMEZONE,
      baseCurrency: config.TENURE_CURRENCY,
      books: createBookService(services),
    });
    teamRoutes(app, { team });
  },
});
