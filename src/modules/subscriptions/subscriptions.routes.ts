import { z } from 'zod';
import { type App, idParams } from '../../http/types.js';
import type { SignalService } from '../../jobs/signals.js';
import { subscriptionVersionSchema, versionInputSchema } from '../../shared/subscriptions.js';
import type { AccountService } from '../accounts/accounts.service.js';
import type { SubscriptionService } from './subscriptions.service.js';

export function subscriptionRoutes(
  app: App,
  {
    subscriptions,
    accounts,
    signals,
  }: {
    subscriptions: SubscriptionService;
    accounts: Pick<AccountService, 'get'>;
    signals: Pick<SignalService, 'accountsChanged'>;
  },
) {
  app.get('/api/accounts/:id/subscriptions', {
    config: { access: 'read' },
    schema: {
      tags: ['subscriptions'],
      params: idParams,
      response: { 200: z.object({ items: z.array(subscriptionVersionSchema) }) },
    },
    handler: async (request) => {
      await accounts.get(request.params.id);
      return { items: await subscriptions.listForAccount(request.params.id) };
    },
  });

  /**
   * A subscription version entered by hand (a contract signed outside Stripe): upserted by
   * subscription external id and start date. Like an import, it may set the first payment date,
   * and the data-arrival signal moves the lifecycle and sends the welcome without waiting.
   */
  app.post('/api/accounts/:id/subscriptions', {
    config: { access: 'write' },
    schema: {
      tags: ['subscriptions'],
      params: idParams,
      body: versionInputSchema,
      response: { 201: subscriptionVersionSchema },
    },
    handler: async (request, reply) => {
      await accounts.get(request.params.id);
      const row = await subscriptions.recordVersion(request.actor, request.params.id, request.body);
      await signals.accountsChanged([request.params.id], 'api');
      return reply.status(201).send(await subscriptions.getVersion(row.id));
    },
  });
}
