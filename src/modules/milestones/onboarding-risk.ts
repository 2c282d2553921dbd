import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { accountRows } from '../accounts/accounts.read.js';
import type { OnboardingRiskWeights } from '../settings/settings.service.js';
import { userRows } from '../users/users.read.js';
import { inOnboarding } from './milestones.repository.js';

export type RiskColour = 'green' | 'yellow' | 'red';

export interface RiskDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  /** The base currency the MRR is expressed in. */
  currency: string;
  weights: () => Promise<OnboardingRiskWeights>;
  /** services.ctas.listOpen */
  openCtas: (q: { accountIds: string[] }) => Promise<{ accountId: string; flagged: boolean }[]>;
  /** services.metrics.mrrByAccount: MRR in base-currency minor units. */
  mrrByAccount: (day: string, accountIds?: string[]) => Promise<Map<string, number>>;
}

/** Seed 004: green = no open CTA, yellow = an open CTA, red = a CTA flagged for other teams. */
export function colourOf(ctas: { flagged: boolean }[]): RiskColour {
  if (ctas.some((c) => c.flagged)) return 'red';
  return ctas.length ? 'yellow' : 'green';
}

/**
 * Onboarding risk per account and per onboarding manager: the colour's weight is the account's
 * number; a manager's number is the sum over their accounts, with the ARR (MRR × 12) of the
 * yellow and red accounts as the ARR at risk.
 */
export function createOnboardingRisk(deps: RiskDeps) {
  return {
    /**
     * Every onboarding account's, or only those a CSM owns (their Home): by owner, an index range of their
     * accounts, where a list of their 2,000 ids made PostgreSQL read every account (18 ms against 2).
     */
    async report(scope: { ownerId?: string } = {}) {
      const today = deps.clock.today(deps.timeZone);
      let query = deps.db
        .selectFrom(accountRows(deps.db).as('a'))
        .leftJoin(userRows(deps.db).as('m'), 'm.id', 'a.onboarding_manager_id')
        .select(['a.id', 'a.name', 'a.onboarding_manager_id', 'm.name as manager_name'])
        .where(inOnboarding(today));
      if (scope.ownerId) query = query.where('a.owner_id', '=', scope.ownerId);
      const accounts = await query.orderBy('a.name').execute();
      const ids = accounts.map((a) => a.id);
      const [weights, ctas, mrr] = await Promise.all([
        deps.weights(),
        ids.length ? deps.openCtas({ accountIds: ids }) : Promise.resolve([]),
        ids.length ? deps.mrrByAccount(today, ids) : Promise.resolve(new Map<string, number>()),
      ]);
      const byAccount = new Map<string, { flagged: boolean }[]>();
      for (const c of ctas) byAccount.set(c.accountId, [...(byAccount.get(c.accountId) ?? []), c]);
      const rows = accounts.map((a) => {
        const own = byAccount.get(a.id) ?? [];
        const colour = colourOf(own);
        return {
          accountId: a.id,
          accountName: a.name,
          onboardingManagerId: a.onboarding_manager_id,
          onboardingManagerName: a.manager_name,
          colour,
          score: weights[colour],
          openCtas: own.length,
          arrMinor: (mrr.get(a.id) ?? 0) * 12,
        };
      });
      const managers = new Map<
        string,
        {
          onboardingManagerId: string | null;
          onboardingManagerName: string | null;
          accounts: number;
          green: number;
          yellow: number;
          red: number;
          score: number;
          arrAtRiskMinor: number;
        }
      >();
      for (const r of rows) {
        const key = r.onboardingManagerId ?? '';
        const m = managers.get(key) ?? {
          onboardingManagerId: r.onboardingManagerId,
          onboardingManagerName: r.onboardingManagerName,
          accounts: 0,
          green: 0,
          yellow: 0,
          red: 0,
          score: 0,
          arrAtRiskMinor: 0,
        };
        m.accounts += 1;
        m[r.colour] += 1;
        m.score += r.score;
        if (r.colour !== 'green') m.arrAtRiskMinor += r.arrMinor;
        managers.set(key, m);
      }
      return {
        asOf: today,
        currency: deps.currency,
        weights,
        accounts: rows,
        managers: [...managers.values()].sort((x, y) => y.score - x.score),
      };
    },
  };
}
