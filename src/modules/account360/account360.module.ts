import { defineModule } from '../module.js';
import { account360Routes } from './account360.routes.js';
import { createAccount360Service } from './account360.service.js';

/**
 * The Customer 360 header (docs/accounts.md): composes the accounts, segments and timeline services and
 * owns no table. Nothing depends on it, and it needs the organisation's currency from the
 * configuration, so its service is built with its routes.
 */
export const account360Module = defineModule({
  name: 'account360',
  routes(app, { services, config }) {
    const account360 = createAccount360Service({ ...services, baseCurrency: config.TENURE_CURRENCY });
    account360Routes(app, { account360 });
  },
});
