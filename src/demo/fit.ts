/**
 * ICP fit and customer maturity in the demo (docs/fit-and-maturity.md): the demo company's chosen market
 * added to the BANT criteria (the industries, company sizes and tiers it serves best), so every account's
 * fit card has criteria met or not met rather than "not recorded", and maturity assessments by the CSMs
 * of their high-touch customers, set by how well each customer is doing.
 */
import type { Actor } from '../modules/audit/actor.js';
import type { Services } from '../services.js';
import type { FitCriterionInput } from '../shared/fit.js';
import { Rng } from '../shared/stats.js';
import type { DemoPlan, UserPlan } from './types.js';
import { demoActor } from './write.js';

type Team = Map<string, { id: string; user: UserPlan }>;

/** The organisation's configuration, in its one language: motivation first, then the market it chose. */
const CRITERIA: FitCriterionInput[] = [
  { field: 'bant.budget', rule: 'answered', points: 10 },
  { field: 'bant.authority', rule: 'answered', points: 10 },
  { field: 'bant.need', rule: 'answered', points: 10 },
  { field: 'bant.timeline', rule: 'answered', points: 10 },
  {
    field: 'industry',
    rule: 'one_of',
    values: ['Software', 'Retail', 'Manufacturing', 'Financial Services'],
    points: 25,
    label: 'Industry we serve best',
  },
  { field: 'employees', rule: 'range', min: 150, max: 20000, points: 20, label: '150 to 20,000 staff' },
  { field: 'tier', rule: 'one_of', values: ['high_touch', 'low_touch'], points: 15, label: 'Served by a CSM' },
];

const NOTES = { cn: '季度业务回顾后评估', en: 'Assessed after the quarterly review' } as const;

export async function loadDemoFit(services: Services, plan: DemoPlan, team: Team) {
  await services.fit.saveCriteria(demoActor, CRITERIA);
  const ids = new Map(
    (
      await services.db
        .selectFrom('accounts')
        .select(['id', 'external_id'])
        .where('external_id', 'like', 'demo-%')
        .execute()
    ).map((r) => [r.external_id, r.id]),
  );
  let assessed = 0;
  for (const [index, account] of plan.accounts.entries()) {
    const id = ids.get(account.externalId);
    if (!id || account.tier !== 'high_touch' || !account.firstPaidOn || account.churnedOn) continue;
    const rng = Rng.stream(plan.seed, 'maturity', index);
    if (!rng.chance(0.7)) continue;
    // Stronger customers are more mature; each dimension scatters a level around that.
    const base = 1 + account.story.health * 3;
    const dimension = () => Math.min(4, Math.max(1, Math.round(base + rng.float(-0.8, 0.8))));
    const csm = team.get(account.owner)!;
    const actor: Actor = { type: 'user', id: csm.id, name: csm.user.name, role: csm.user.role };
    await services.fit.assessMaturity(actor, id, {
      cognition: dimension(),
      strategy: dimension(),
      people: dimension(),
      tools: dimension(),
      note: NOTES[account.lang],
    });
    assessed++;
  }
  return { criteria: CRITERIA.length, assessed };
}
