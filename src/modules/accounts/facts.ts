import { type Kysely, type RawBuilder, type Transaction, sql } from 'kysely';
import type { DB } from '../../db/types.js';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * The hot figures of account_facts (0023, docs/lists.md), by the module that owns each group: its
 * refresh hands a query of (account_id, …columns) and the accounts module writes them.
 */
export const FACT_PARTS = {
  revenue: ['mrr_minor', 'arr_minor', 'plan', 'renewal_on'],
  health: ['health_score', 'health_color', 'health_trend', 'health_day', 'health_color_before'],
  prediction: ['renewal_probability'],
  nps: ['latest_nps'],
  usage: ['active_users_30d'],
  ctas: ['open_ctas'],
  fit: ['fit_score', 'fit_grade'],
  maturity: ['maturity_level'],
} as const;
export type FactPart = keyof typeof FACT_PARTS;

/**
 * Writes one group of figures for the accounts in scope (every live account without one) in one
 * statement: an account the source does not name gets nulls (no score, no open CTA … any more), and
 * rows whose figures did not change are not rewritten, so an hourly full refresh writes little.
 * Rows are written in account order, so writers that overlap (the hourly refresh, the data-arrival
 * signal, a CTA closed) wait for one another instead of deadlocking.
 */
export async function writeFacts(db: Db, part: FactPart, source: RawBuilder<unknown>, scope?: readonly string[]) {
  if (scope && !scope.length) return;
  const columns = FACT_PARTS[part].map((c) => sql.ref(c));
  // A count the source leaves out is zero (no open CTA), not unknown.
  const fromSource = FACT_PARTS[part].map((c) =>
    c === 'open_ctas' ? sql`coalesce(s.open_ctas, 0)` : sql.ref(`s.${c}`),
  );
  const excluded = FACT_PARTS[part].map((c) => sql.ref(`excluded.${c}`));
  const current = FACT_PARTS[part].map((c) => sql.ref(`account_facts.${c}`));
  const inScope = scope ? sql`and a.id = any(${[...scope]}::uuid[])` : sql``;
  await sql`
    with s as (${source})
    insert into account_facts (account_id, ${sql.join(columns)}, updated_at)
    select a.id, ${sql.join(fromSource)}, now()
    from accounts a left join s on s.account_id = a.id
    where a.deleted_at is null ${inScope}
    order by a.id -- one lock order for every writer: a full refresh and a few accounts' update run at once
    on conflict (account_id) do update set (${sql.join(columns)}, updated_at) = row(${sql.join(excluded)}, excluded.updated_at)
    where (${sql.join(current)}) is distinct from (${sql.join(excluded)})`
    .execute(db)
    .catch((error: unknown) => Promise.reject(missingColumn(part, error) ?? error));
}

/**
 * A source without one of its part's columns (a part gained one; a test or connector writes facts by hand)
 * fails in PostgreSQL as "column s.health_day does not exist": say which part needs which columns instead.
 */
function missingColumn(part: FactPart, error: unknown): Error | undefined {
  const { code, message } = error as { code?: string; message?: string };
  const column = code === '42703' ? /column s\.(\w+) does not exist/.exec(message ?? '')?.[1] : undefined;
  if (!column) return undefined;
  return new Error(
    `The ${part} facts' source lacks the column ${column}: it must give account_id, ${FACT_PARTS[part].join(', ')}`,
    { cause: error },
  );
}
