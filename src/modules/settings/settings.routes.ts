import type { App } from '../../http/types.js';
import { type SettingsService, financeSchema, fxRatesInputSchema, fxRatesSchema } from './settings.service.js';

export function settingsRoutes(app: App, { settings }: { settings: SettingsService }) {
  app.get('/api/settings/fx-rates', {
    config: { access: 'read' },
    schema: {
      tags: ['settings'],
      summary: 'Exchange rates: units of each currency per 1 USD',
      response: { 200: fxRatesSchema },
    },
    handler: () => settings.get('fx_rates'),
  });
  app.put('/api/settings/fx-rates', {
    config: { access: 'manage' },
    schema: { tags: ['settings'], body: fxRatesInputSchema, response: { 200: fxRatesSchema } },
    handler: (request) => settings.set(request.actor, 'fx_rates', request.body),
  });
  app.get('/api/settings/finance', {
    config: { access: 'read' },
    schema: {
      tags: ['settings'],
      summary: 'Per month: sales & marketing spend (minor units) and gross margin (0–1)',
      response: { 200: financeSchema },
    },
    handler: () => settings.get('finance'),
  });
  app.put('/api/settings/finance', {
    config: { access: 'manage' },
    schema: { tags: ['settings'], body: financeSchema, response: { 200: financeSchema } },
    handler: (request) => settings.set(request.actor, 'finance', request.body),
  });
}
