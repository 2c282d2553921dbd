import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { FIT_GRADE_FLOORS } from '../../shared/fit.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import { accountRevenueFactRows } from '../accounts/facts.read.js';
import { handoffAnswerRows } from '../handoff/handoff.read.js';

/*
 * The fit module's read models (docs/fit-and-maturity.md): every live account against every active fit
 * criterion in one statement, and each account's latest maturity level — the sources the accounts
 * service writes into account_facts (fit_score, fit_grade, maturity_level) for lists and segments.
 */

const NUMBER = '^-?[0-9]+(\\.[0-9]+)?$';

/**
 * One row per (live account, active criterion): the account's value for the criterion's field and
 * whether it meets the rule — null when the value is not recorded (an unanswered BANT question).
 */
export function criterionMatches(db: Kysely<DB>, scope?: readonly string[]) {
  const inScope = scope ? sql`where a.id = any(${[...scope]}::uuid[])` : sql``;
  return sql<{
    account_id: string;
    criterion_id: string;
    points: number;
    value: string | null;
    hit: boolean | null;
  }>`
    select a.id as account_id, c.id as criterion_id, c.points, v.value,
      case
        when v.value is null or btrim(v.value) = '' then null
        when c.rule = 'answered' then true
        when c.rule = 'one_of' then lower(btrim(v.value)) = any (select lower(x) from unnest(c."values") x)
        when c.rule = 'contains' then exists (select 1 from unnest(c."values") x where strpos(lower(v.value), lower(x)) > 0)
        when btrim(v.value) !~ ${NUMBER} then false
        else (c.min is null or btrim(v.value)::numeric >= c.min) and (c.max is null or btrim(v.value)::numeric <= c.max)
      end as hit
    from (${liveAccounts(db)}) a
    left join (${handoffAnswerRows(db)}) h on h.account_id = a.id
    left join (${accountRevenueFactRows(db)}) f on f.account_id = a.id
    cross join fit_criteria c
    cross join lateral (
      select case
        when c.field like 'bant.%' then h.answers ->> substr(c.field, 6)
        when c.field like 'attributes.%' then a.attributes ->> substr(c.field, 12)
        when c.field = 'industry' then a.industry
        when c.field = 'region' then a.region
        when c.field = 'tier' then a.tier
        when c.field = 'employees' then a.employees::text
        when c.field = 'arr' then f.arr_minor::text
        when c.field = 'plan' then f.plan
      end as value
    ) v
    ${inScope} ${scope ? sql`and` : sql`where`} c.active`;
}

/** (account_id, fit_score 0–100, fit_grade A–D); no row for an account while no criterion is active. */
export function fitFacts(db: Kysely<DB>, scope?: readonly string[]) {
  const score = sql`round(100.0 * coalesce(sum(m.points) filter (where m.hit), 0) / sum(m.points))::int`;
  return sql`
    select s.account_id, s.fit_score,
      case when s.fit_score >= ${FIT_GRADE_FLOORS.A} then 'A' when s.fit_score >= ${FIT_GRADE_FLOORS.B} then 'B'
        when s.fit_score >= ${FIT_GRADE_FLOORS.C} then 'C' else 'D' end as fit_grade
    from (select m.account_id, ${score} as fit_score from (${criterionMatches(db, scope)}) m group by m.account_id) s`;
}

/** (account_id, maturity_level): the newest assessment of each assessed account. */
export function maturityFacts(scope?: readonly string[]) {
  const inScope = scope ? sql`where m.account_id = any(${[...scope]}::uuid[])` : sql``;
  return sql`
    select distinct on (m.account_id) m.account_id, m.level as maturity_level
    from account_maturity_assessments m ${inScope}
    order by m.account_id, m.assessed_at desc, m.seq desc`;
}
