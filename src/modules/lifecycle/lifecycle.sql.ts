import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import type { LifecycleDurations, LifecycleStage } from '../../shared/lifecycle.js';
import { accountRows, liveAccounts } from '../accounts/accounts.read.js';
import { setLifecycleStages } from '../accounts/account-dates.service.js';
import type { ContractTerm } from '../subscriptions/contracts.read.js';

export interface StageInputs {
  today: string;
  now: Date;
  terms: ContractTerm[];
  defaults: LifecycleDurations;
  /** Per-account durations from the segment settings (absent = defaults). */
  durations: Map<string, LifecycleDurations>;
  /** Accounts with a handoff under way or done (before payment they are in `handoff`, not `prospect`). */
  handoffAccountIds: string[];
  /** Only these accounts (the data-arrival signal); all when absent. */
  accountIds?: string[];
}

export interface StageChange {
  accountId: string;
  from: LifecycleStage | null;
  to: LifecycleStage;
}

/**
 * Every account's stage computed and the changed ones written back in one statement (through the
 * accounts module's setLifecycleStages, the computation reading the accounts read model); the caller
 * logs each change on the timeline and in the audit log. The order of the cases is the precedence:
 * a stage set by hand; churned (churned_on passed, or paid before and pays nothing now);
 * before the first payment handoff or prospect; onboarding in the first N days after it;
 * renewed for N days after a renewal passed; renewal in the last N days before the contract's
 * renewal date; adoption otherwise. Contracts of a year or more (or with a fixed end) use their
 * renewal date; monthly and quarterly ones have no yearly renewal of their own, so the year
 * runs from the first payment: renewal from day `adoptionEndDays` of each year (or the last
 * `renewalDays` of it, whichever comes first), renewed in the first `renewedDays` of the next.
 */
export async function applyStages(db: Kysely<DB>, input: StageInputs): Promise<StageChange[]> {
  const yearly = input.terms.filter((t) => t.renewsOn !== null && (t.fixedEnd || (t.termMonths ?? 12) >= 12));
  const paying = input.terms.map((t) => t.accountId);
  const durationIds = [...input.durations.keys()];
  const d = (key: keyof LifecycleDurations) => durationIds.map((id) => input.durations.get(id)![key]);
  const scope = input.accountIds ? sql`where a.id = any(${input.accountIds}::uuid[])` : sql``;
  const { onboardingDays, adoptionEndDays, renewalDays, renewedDays } = input.defaults;

  const stages = sql`
    with contract as (
      select * from unnest(${yearly.map((t) => t.accountId)}::uuid[], ${yearly.map((t) => t.renewsOn)}::date[], ${yearly.map((t) => t.termMonths ?? 12)}::int[])
        as t(account_id, renews_on, term_months)
    ), paying as (
      select unnest(${paying}::uuid[]) as account_id
    ), handoff as (
      select unnest(${input.handoffAccountIds}::uuid[]) as account_id
    ), durations as (
      select * from unnest(${durationIds}::uuid[], ${d('onboardingDays')}::int[], ${d('adoptionEndDays')}::int[], ${d('renewalDays')}::int[], ${d('renewedDays')}::int[])
        as d(account_id, onboarding, adoption_end, renewal, renewed)
    ), base as (
      select a.id, a.lifecycle_stage as before, a.first_paid_on, a.churned_on, o.stage as override,
        p.account_id is not null as pays, h.account_id is not null as in_handoff,
        c.renews_on, (c.renews_on - make_interval(months => c.term_months))::date as renewed_on,
        ${input.today}::date - a.first_paid_on as paid_days,
        coalesce(d.onboarding, ${onboardingDays}) as onboarding, coalesce(d.adoption_end, ${adoptionEndDays}) as adoption_end,
        coalesce(d.renewal, ${renewalDays}) as renewal, coalesce(d.renewed, ${renewedDays}) as renewed
      from ${liveAccounts(db)} a
      left join lifecycle_overrides o on o.account_id = a.id
      left join paying p on p.account_id = a.id
      left join handoff h on h.account_id = a.id
      left join contract c on c.account_id = a.id
      left join durations d on d.account_id = a.id
      ${scope}
    ), computed as (
      select id, before,
        case
          when override is not null then override
          when churned_on is not null and churned_on <= ${input.today}::date then 'churned'
          when first_paid_on is null or first_paid_on > ${input.today}::date then case when in_handoff then 'handoff' else 'prospect' end
          when not pays then 'churned'
          when paid_days < onboarding then 'onboarding'
          when renews_on is not null then case
            when renewed_on > first_paid_on and ${input.today}::date - renewed_on < renewed then 'renewed'
            when renews_on - ${input.today}::date <= renewal then 'renewal'
            else 'adoption' end
          when paid_days >= 365 and paid_days % 365 < renewed then 'renewed'
          when paid_days % 365 >= least(adoption_end, 365 - renewal) then 'renewal'
          else 'adoption'
        end as stage
      from base
    )
    select id, before, stage from computed`;
  const rows = await setLifecycleStages(db, stages);
  return rows.map((r) => ({ accountId: r.account_id, from: r.before, to: r.stage }));
}

/** What the dates alone give one account (shown next to a stage set by hand). */
export async function computedStage(
  db: Kysely<DB>,
  input: StageInputs & { accountIds: [string] },
): Promise<LifecycleStage | null> {
  // The same statement inside a transaction that is rolled back: one definition of the rules.
  let stage: LifecycleStage | null = null;
  await db
    .transaction()
    .execute(async (trx) => {
      const [id] = input.accountIds;
      const before = await trx
        .selectFrom(accountRows(trx).as('a'))
        .select('a.lifecycle_stage')
        .where('a.id', '=', id)
        .executeTakeFirst();
      await trx.deleteFrom('lifecycle_overrides').where('account_id', '=', id).execute();
      const changes = await applyStages(trx, input);
      stage = changes[0]?.to ?? before?.lifecycle_stage ?? null;
      throw new Rollback();
    })
    .catch((error) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return stage;
}

class Rollback extends Error {}
