import type { AccountSummary } from '../../shared/account360.js';
import type { Clock } from '../../clock.js';
import type { AccountService } from '../accounts/accounts.service.js';
import type { SegmentService } from '../segments/segments.service.js';
import type { TimelineService } from '../timeline/timeline.service.js';

export interface Account360Deps {
  accounts: Pick<AccountService, 'get' | 'facts'>;
  segments: Pick<SegmentService, 'membershipsOf'>;
  timeline: Pick<TimelineService, 'lastTouches'>;
  clock: Clock;
  timeZone: string;
  baseCurrency: string;
}

const DAY_MS = 86_400_000;

/** Composes the Customer 360 header from the owners' services; owns no table. */
export function createAccount360Service({
  accounts,
  segments,
  timeline,
  clock,
  timeZone,
  baseCurrency,
}: Account360Deps) {
  return {
    async summary(accountId: string): Promise<AccountSummary> {
      await accounts.get(accountId); // 404 for an unknown or deleted account
      const [facts, memberships, touches] = await Promise.all([
        accounts.facts(accountId),
        segments.membershipsOf(accountId),
        timeline.lastTouches([accountId]),
      ]);
      const today = clock.today(timeZone);
      const renewalOn = facts?.renewal_on ?? null;
      return {
        currency: baseCurrency,
        mrrMinor: facts?.mrr_minor ?? null,
        arrMinor: facts?.arr_minor ?? null,
        plan: facts?.plan ?? null,
        health:
          facts?.health_score != null && facts.health_color
            ? { score: facts.health_score, color: facts.health_color, change30: facts.health_trend }
            : null,
        renewalOn,
        daysToRenewal: renewalOn ? Math.round((Date.parse(renewalOn) - Date.parse(today)) / DAY_MS) : null,
        renewalProbability: facts?.renewal_probability ?? null,
        latestNps: facts?.latest_nps ?? null,
        activeUsers30d: facts?.active_users_30d ?? null,
        openCtas: facts?.open_ctas ?? 0,
        lastTouchAt: touches.get(accountId) ?? null,
        segments: memberships,
      };
    },
  };
}
export type Account360Service = ReturnType<typeof createAccount360Service>;
