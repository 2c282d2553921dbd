import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import type { AccountService } from '../accounts/accounts.service.js';
import { openCtaFacts } from '../ctas/ctas.read.js';
import { fitFacts, maturityFacts } from '../fit/fit.read.js';
import { currentHealthFacts } from '../health/health.read.js';
import type { MetricsService } from '../metrics/metrics.service.js';
import { renewalProbabilityFacts } from '../prediction/prediction.read.js';
import { currentPlanFacts } from '../subscriptions/plans.read.js';
import type { SubscriptionService } from '../subscriptions/subscriptions.service.js';
import { latestNpsFacts } from '../surveys/nps.read.js';
import { activeUserFacts } from '../usage/usage.read.js';
import type { UsageService } from '../usage/usage.service.js';

export interface FactDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  accounts: Pick<AccountService, 'writeFacts'>;
  metrics: Pick<MetricsService, 'mrrByAccount'>;
  subscriptions: Pick<SubscriptionService, 'contractTerms'>;
  usage: Pick<UsageService, 'refreshModuleTotals'>;
}

/**
 * Brings every group of account_facts up to date for some accounts (the data-arrival signal) or all
 * (hourly): each owner's read model, written by the accounts service, one statement per group. The
 * owners also write their own group at once where it changes (health recompute, an NPS answer, a CTA
 * opened or closed); this pass catches what time moves (30-day windows, renewal dates) — docs/lists.md.
 */
export function createFactService({ db, clock, timeZone, accounts, metrics, subscriptions, usage }: FactDeps) {
  async function refreshRevenue(day: string, scope?: readonly string[]) {
    const ids = scope ? [...scope] : undefined;
    const [mrr, terms] = await Promise.all([metrics.mrrByAccount(day, ids), subscriptions.contractTerms(day, ids)]);
    const renewal = new Map(terms.map((t) => [t.accountId, t.renewsOn]));
    const accountIds = [...new Set([...mrr.keys(), ...renewal.keys()])];
    const source = sql`
      select coalesce(r.account_id, p.account_id) as account_id, r.mrr_minor, r.mrr_minor * 12 as arr_minor, p.plan, r.renewal_on
      from unnest(${accountIds}::uuid[], ${accountIds.map((id) => mrr.get(id) ?? null)}::bigint[],
        ${accountIds.map((id) => renewal.get(id) ?? null)}::date[]) as r(account_id, mrr_minor, renewal_on)
      full join (${currentPlanFacts(day, scope)}) p on p.account_id = r.account_id`;
    await accounts.writeFacts('revenue', source, scope);
  }

  return {
    /** Every group for the accounts in scope (all live accounts without one). */
    async refresh(scope?: readonly string[]) {
      if (scope && !scope.length) return;
      const day = clock.today(timeZone);
      await refreshRevenue(day, scope);
      await accounts.writeFacts('health', currentHealthFacts(scope), scope);
      await accounts.writeFacts('prediction', renewalProbabilityFacts(scope), scope);
      await accounts.writeFacts('nps', latestNpsFacts(scope), scope);
      await accounts.writeFacts('usage', activeUserFacts(day, scope), scope);
      await usage.refreshModuleTotals(scope && { accountIds: scope });
      await accounts.writeFacts('ctas', openCtaFacts(scope), scope);
      // ICP fit reads the fresh ARR and plan above.
      await accounts.writeFacts('fit', fitFacts(db, scope), scope);
      await accounts.writeFacts('maturity', maturityFacts(scope), scope);
    },
  };
}

export type FactService = ReturnType<typeof createFactService>;
