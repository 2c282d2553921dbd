import { z } from 'zod';
import { type App, idParams } from '../../http/types.js';
import { subscriptionVersionSchema } from '../../shared/subscriptions.js';
import type { AccountService } from '../accounts/accounts.service.js';
import type { SubscriptionService } from './subscriptions.service.js';

export function subscriptionRoutes(app: App, { subscriptions, accounts }: { subscriptions: SubscriptionService; accounts: Pick<AccountService, 'get'> }) {
  app.get('/api/accounts/:id/subscriptions', {
    config: { access: 'read' },
    schema: { tags: ['subscriptions'], params: idParams, response: { 200: z.object({ items: z.array(subscriptionVersionSchema) }) } },
    handler: async (request) => {
      await accounts.get(request.params.id);
      return { items: await subscriptions.listForAccount(request.params.id) };
    },
  });
}
