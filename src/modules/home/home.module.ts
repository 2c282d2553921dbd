import { defineModule } from '../module.js';
import { createBookService } from '../team/books.service.js';
import { createFreshness } from './home.freshness.js';
import { homeRoutes } from './home.routes.js';
import { createHomeService } from './home.service.js';

/**
 * Home per role (docs/home.md): composes the other modules' services and owns no table. Nothing else
 * depends on it, and it needs the organisation's time zone and currency from the configuration, so
 * its service is built with its routes.
 */
export const homeModule = defineModule({
  name: 'home',
  routes(app, { services, config }) {
    const home = createHomeService({
      ...services,
      timeZone: config.TENURE_TIMEZONE,
      baseCurrency: config.TENURE_CURRENCY,
      books: createBookService(services),
    });
    homeRoutes(app, { home, freshness: createFreshness(services) });
  },
});
