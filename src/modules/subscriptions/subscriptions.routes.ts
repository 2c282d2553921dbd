import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import type { SignalService } from '../../jobs/signals.js';
import { subscriptionsApi } from '../../shared/subscriptions.js';
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
  route(app, subscriptionsApi.list, {
    access: 'read',
    cache: true,
    tags: ['subscriptions'],
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
  route(app, subscriptionsApi.record, {
    access: 'write',
    tags: ['subscriptions'],
    handler: async (request) => {
      await accounts.get(request.params.id);
      const row = await subscriptions.recordVersion(request.actor, request.params.id, request.body);
      await signals.accountsChanged([request.params.id], 'api');
      return subscriptions.getVersion(row.id);
    },
  });
}
