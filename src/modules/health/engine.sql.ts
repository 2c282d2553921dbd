/**
 * The scoring engine: one set-based pass that scores every (account, day) of a scope against
 * every applicable active scorecard. The scope is a temporary table, so the same statements
 * serve today's recompute for all accounts, ninety days of demo history, and a backtest that
 * scores each account as of its own past day. Call inside a transaction (temporary tables live
 * on one connection and are dropped at commit).
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { MeasureType } from '../../shared/health.js';
import type { RuleSet } from '../../shared/conditions.js';
import { accountRows } from '../accounts/accounts.read.js';
import { conditionsExpression } from '../accounts/conditions.read.js';
import { activeUsersDailyRows } from '../usage/usage.history.read.js';
import { MEASURES, type MeasureContext, SOURCES } from './measures.js';

type Trx = Transaction<DB>;

export interface EngineScorecard {
  id: string;
  redBelow: number;
  greenFrom: number;
  /** The rule sets of its segments; empty = every account. */
  segments: RuleSet[];
  maxTenureDays: number | null;
  measures: { id: string; type: MeasureType; attributeKey: string | null; weight: number; bad: number; good: number }[];
}

export type Scope = { days: string[]; accountIds?: string[] } | { pairs: { accountId: string; day: string }[] };

/**
 * Fills hs_scope: customers on each day — not deleted, not yet churned, paying since that day or
 * before. An account that has never paid (a prospect, a trial, a handoff) is not scored: its
 * measures would be the neutral values of no data (no ticket is a good ticket count), and a
 * colour from those says nothing and starts risk rules. Every payment path records the first paid
 * day (docs/lifecycle.md), so a paying account has one.
 */
export async function buildScope(trx: Trx, scope: Scope): Promise<number> {
  await sql`create temp table hs_scope (account_id uuid not null, day date not null) on commit drop`.execute(trx);
  const customer = sql`a.deleted_at is null and a.first_paid_on <= d.day and (a.churned_on is null or a.churned_on > d.day)`;
  const result =
    'pairs' in scope
      ? await sql`
        insert into hs_scope (account_id, day)
        select distinct a.id, d.day from unnest(${scope.pairs.map((p) => p.accountId)}::uuid[], ${scope.pairs.map((p) => p.day)}::date[]) as d(account_id, day)
        join ${accountRows(trx)} a on a.id = d.account_id where ${customer}`.execute(trx)
      : await sql`
        insert into hs_scope (account_id, day)
        select a.id, d.day from ${accountRows(trx)} a cross join unnest(${scope.days}::date[]) as d(day)
        where ${customer} ${scope.accountIds ? sql`and a.id = any(${scope.accountIds}::uuid[])` : sql``}`.execute(trx);
  await sql`create index on hs_scope (account_id, day)`.execute(trx);
  await sql`analyze hs_scope`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

function applicability(db: Kysely<DB>, card: EngineScorecard): RawBuilder<unknown> {
  const inSegments = card.segments.length
    ? sql`and s.account_id in (${db
        .selectFrom(accountRows(db).as('accounts'))
        .select('accounts.id')
        .where((eb) => eb.or(card.segments.map((r) => conditionsExpression(eb as never, r.conditions, r.match))))})`
    : sql``;
  const tenure = card.maxTenureDays
    ? sql`and a.first_paid_on is not null and s.day < a.first_paid_on + ${card.maxTenureDays}::int`
    : sql``;
  return sql`select ${card.id}::uuid as scorecard_id, s.account_id, s.day from hs_scope s join ${accountRows(db)} a on a.id = s.account_id where true ${inSegments} ${tenure}`;
}

/**
 * Builds hs_scored(scorecard_id, account_id, day, score, color, measure_ids, measure_values,
 * measure_scores, measure_weights) from hs_scope. First every wanted measure's value for every
 * scoped (account, day), pivoted into one array per row (hs_vals); then each scorecard maps its
 * measures' values linearly from `bad` (0) to `good` (100), clamped, and takes the weighted mean
 * over the measures with a value — a missing input weighs nothing, and an account with no
 * measure at all gets no score (no row).
 */
export async function scoreScope(trx: Trx, cards: EngineScorecard[], ctx: MeasureContext): Promise<void> {
  const wanted: { type: MeasureType; attributeKey: string | null }[] = [];
  const slot = (type: MeasureType, attributeKey: string | null) => {
    const key = type === 'custom_attribute' ? attributeKey : null;
    let i = wanted.findIndex((w) => w.type === type && w.attributeKey === key);
    if (i < 0) i = wanted.push({ type, attributeKey: key }) - 1;
    return i + 1;
  };
  for (const c of cards) for (const m of c.measures) slot(m.type, m.attributeKey);
  const sources = [...new Set(wanted.flatMap((w) => MEASURES[w.type].sources))];
  // Each source becomes a temporary table with statistics, so the fragments' joins are hashed
  // (CTEs estimated blind were joined by nested loops: quadratic in the scope).
  for (const name of sources) {
    await sql`create temp table ${sql.raw(`src_${name}`)} on commit drop as ${SOURCES[name](ctx, trx)}`.execute(trx);
    await sql`analyze ${sql.raw(`src_${name}`)}`.execute(trx);
  }
  const values = wanted.map(
    (w, i) =>
      sql`select ${i + 1}::int as i, f.account_id, f.day, f.value::float8 as value from (${MEASURES[w.type].sql(ctx, w.attributeKey)}) as f(account_id, day, value)`,
  );
  const pivot = wanted.map((_, i) => sql`max(value) filter (where i = ${i + 1}::int)`);
  await sql`
    create temp table hs_vals on commit drop as
    select account_id, day, ${wanted.length ? sql`array[${sql.join(pivot)}]::float8[]` : sql`'{}'::float8[]`} as v
    from (${wanted.length ? sql.join(values, sql` union all `) : sql`select 0 as i, null::uuid as account_id, null::date as day, null::float8 as value where false`}) u
    group by 1, 2`.execute(trx);
  await sql`create index on hs_vals (account_id, day)`.execute(trx);
  await sql`analyze hs_vals`.execute(trx);

  await sql`create temp table hs_scored (scorecard_id uuid, account_id uuid, day date, score numeric, color text, measure_ids uuid[], measure_values float8[], measure_scores numeric[], measure_weights float8[]) on commit drop`.execute(
    trx,
  );
  for (const card of cards) {
    if (!card.measures.length) continue;
    const value = (m: EngineScorecard['measures'][number]) => sql`x.v[${slot(m.type, m.attributeKey)}::int]`;
    // GREATEST and LEAST ignore nulls: the CASE keeps a missing value missing. float8 arithmetic, and OFFSET 0 fences so each measure's score is computed once per row.
    const scores = card.measures.map(
      (m, i) =>
        sql`case when ${value(m)} is not null then round(10 * least(100, greatest(0, 100 * (${value(m)} - ${m.bad}::float8) / ${m.good - m.bad}::float8))) / 10 end as ${sql.raw(`s${i}`)}`,
    );
    const weighted = card.measures.map((m, i) => sql`coalesce(${sql.raw(`s${i}`)} * ${m.weight}::float8, 0)`);
    const present = card.measures.map(
      (m, i) => sql`case when ${sql.raw(`s${i}`)} is null then 0 else ${m.weight}::float8 end`,
    );
    await sql`
      insert into hs_scored
      select scorecard_id, account_id, day, score,
             case when score < ${card.redBelow}::numeric then 'red' when score >= ${card.greenFrom}::numeric then 'green' else 'yellow' end,
             ${sql`${card.measures.map((m) => m.id)}::uuid[]`}, vals, array[${sql.join(card.measures.map((_, i) => sql.raw(`s${i}`)))}]::numeric[],
             ${sql`${card.measures.map((m) => m.weight)}::float8[]`}
      from (
        select *, round(((${sql.join(weighted, sql` + `)}) / nullif(${sql.join(present, sql` + `)}, 0))::numeric, 1) as score
        from (
          select ap.scorecard_id, ap.account_id, ap.day, array[${sql.join(card.measures.map(value))}]::float8[] as vals, ${sql.join(scores)}
          from (${applicability(trx, card)}) ap
          left join hs_vals x on x.account_id = ap.account_id and x.day = ap.day
          offset 0
        ) m
        offset 0
      ) w
      where score is not null`.execute(trx);
  }
}

/**
 * Writes the scope's snapshots: afterwards the scoped (account, day)s hold exactly the new pass —
 * so a rerun writes the same rows, and a scorecard that no longer applies leaves none. Rows are
 * changed in place and only when they differ: the hourly reruns of a day mostly find nothing to
 * write, and a new day is inserted once (delete-and-insert cost a full rewrite, index and
 * foreign-key checks included, on every run).
 */
export async function persistScored(trx: Trx): Promise<void> {
  await sql`create index on hs_scored (scorecard_id, account_id, day)`.execute(trx);
  await sql`analyze hs_scored`.execute(trx);
  // Accounts that have never paid are outside every scope, so their snapshots — written when
  // they were still scored — would stay their "current" health for ever. Few rows, by index.
  await sql`
    delete from health_snapshots h using ${accountRows(trx)} a
    where a.id = h.account_id and a.first_paid_on is null`.execute(trx);
  await sql`
    delete from health_snapshots h using hs_scope s
    where h.account_id = s.account_id and h.day = s.day
      and not exists (select 1 from hs_scored x where x.scorecard_id = h.scorecard_id and x.account_id = h.account_id and x.day = h.day)`.execute(
    trx,
  );
  await sql`
    update health_snapshots h
    set score = x.score, color = x.color, measure_ids = x.measure_ids, measure_values = x.measure_values, measure_scores = x.measure_scores, measure_weights = x.measure_weights
    from hs_scored x
    where h.scorecard_id = x.scorecard_id and h.account_id = x.account_id and h.day = x.day
      and (h.score, h.color, h.measure_ids, h.measure_values, h.measure_scores, h.measure_weights)
        is distinct from (x.score, x.color, x.measure_ids, x.measure_values, x.measure_scores, x.measure_weights)`.execute(
    trx,
  );
  await sql`
    insert into health_snapshots (scorecard_id, account_id, day, score, color, measure_ids, measure_values, measure_scores, measure_weights)
    select x.scorecard_id, x.account_id, x.day, x.score, x.color, x.measure_ids, x.measure_values, x.measure_scores, x.measure_weights from hs_scored x
    where not exists (select 1 from health_snapshots h where h.scorecard_id = x.scorecard_id and h.account_id = x.account_id and h.day = x.day)
    -- Another run (the worker, while the demo loader or a CLI recompute scores the same days) may insert
    -- the same new day between this statement's snapshot and its insert: this pass's values then win.
    on conflict (scorecard_id, account_id, day) do update
    set score = excluded.score, color = excluded.color, measure_ids = excluded.measure_ids, measure_values = excluded.measure_values,
      measure_scores = excluded.measure_scores, measure_weights = excluded.measure_weights`.execute(trx);
}

/** The organisation's first day of usage roll-ups: before it, usage measures are missing, not zero. */
export async function usageStart(db: Kysely<DB> | Trx): Promise<string | null> {
  const row = await sql<{ day: string | null }>`select min(day) as day from ${activeUsersDailyRows(db)} u`.execute(db);
  return row.rows[0]?.day ?? null;
}
