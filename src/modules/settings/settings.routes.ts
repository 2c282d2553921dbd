import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { settingsApi } from '../../shared/settings.js';
import type { SettingsService } from './settings.service.js';

export function settingsRoutes(app: App, { settings }: { settings: SettingsService }) {
  const tags = ['settings'];
  route(app, settingsApi.fxRates, {
    access: 'read',
    tags,
    summary: 'Exchange rates: units of each currency per 1 USD',
    handler: () => settings.get('fx_rates'),
  });
  route(app, settingsApi.setFxRates, {
    access: 'manage',
    tags,
    handler: (request) => settings.set(request.actor, 'fx_rates', request.body),
  });
  route(app, settingsApi.finance, {
    access: 'read',
    tags,
    summary: 'Per month: sales & marketing spend (minor units) and gross margin (0–1)',
    handler: () => settings.get('finance'),
  });
  route(app, settingsApi.setFinance, {
    access: 'manage',
    tags,
    handler: (request) => settings.set(request.actor, 'finance', request.body),
  });
}
