import type { Clock } from '../../clock.js';
import type { HomeFreshness } from '../../shared/home.js';
import type { BillingService } from '../billing/billing.service.js';
import type { ImportService } from '../imports/imports.service.js';
import type { UsageService } from '../usage/usage.service.js';

export interface FreshnessDeps {
  clock: Clock;
  usage: Pick<UsageService, 'lastEventAt'>;
  billing: Pick<BillingService, 'status'>;
  imports: Pick<ImportService, 'freshness'>;
}

const DAY_MS = 86_400_000;

/** The admin's Home tile: when data last arrived by each road in, and what failed lately (docs/home.md). */
export function createFreshness({ clock, usage, billing, imports }: FreshnessDeps) {
  return async (): Promise<HomeFreshness> => {
    const now = clock.now().getTime();
    const [lastEventAt, stripe, recent] = await Promise.all([
      usage.lastEventAt(new Date(now - 30 * DAY_MS)),
      billing.status(),
      imports.freshness(new Date(now - 7 * DAY_MS)),
    ]);
    return {
      lastEventAt,
      lastStripeEvent: stripe.lastEvent
        ? { type: stripe.lastEvent.type, receivedAt: new Date(stripe.lastEvent.receivedAt) }
        : null,
      lastImport: recent.latest,
      failedImports: recent.failedSince,
      refusedStripeEvents: stripe.events.refused,
    };
  };
}
