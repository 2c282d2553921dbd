import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.js';

type Db = Kysely<DB> | Transaction<DB>;

/** The windows kept per module and account (usage_module_totals, 0029); other windows are summed live. */
export const STORED_WINDOWS = [7, 30, 90] as const;
export const isStoredWindow = (days: number) => (STORED_WINDOWS as readonly number[]).includes(days);

export interface TotalsScope {
  /** Only these accounts (the data-arrival signal); all without. */
  accountIds?: readonly string[];
  /** Only these modules (an event moved between modules); all without. */
  modules?: readonly string[];
}

/**
 * Counts each module's events over the 7, 30 and 90 days up to `today` (an organisation day, included) for
 * the accounts and modules in scope, in one statement: upserts the totals that changed and deletes those
 * that fell to nothing. A refresh of everything also records `today` as the day the totals are good for,
 * which is what lets the lists' filter read them (usage.read.ts moduleUsageMatches).
 */
export async function refreshModuleTotals(db: Db, today: string, scope: TotalsScope = {}) {
  if (scope.accountIds && !scope.accountIds.length) return;
  if (scope.modules && !scope.modules.length) return;
  const byAccount = (column: string) =>
    scope.accountIds ? sql`and ${sql.ref(column)} = any(${[...scope.accountIds]}::uuid[])` : sql``;
  const byModule = (column: string) =>
    scope.modules ? sql`and ${sql.ref(column)} = any(${[...scope.modules]}::text[])` : sql``;
  const everything = !scope.accountIds && !scope.modules;
  const run = async (trx: Db) => {
    await sql`
      with sums as (
        select d.account_id, e.module,
          sum(d.count) filter (where d.day > ${today}::date - 7) as d7,
          sum(d.count) filter (where d.day > ${today}::date - 30) as d30,
          sum(d.count) as d90
        from usage_daily d join event_catalogue e on e.event = d.event
        where e.module is not null and d.day > ${today}::date - 90 and d.day <= ${today}::date
          ${byAccount('d.account_id')} ${byModule('e.module')}
        group by d.account_id, e.module),
      totals as (
        select s.module, w.days, s.account_id, w.events
        from sums s cross join lateral (values (7::smallint, s.d7), (30::smallint, s.d30), (90::smallint, s.d90)) w(days, events)
        where w.events > 0),
      written as (
        insert into usage_module_totals (module, days, account_id, events)
        select module, days, account_id, events from totals
        order by account_id, module, days -- one lock order: the hourly refresh and a few accounts' refresh overlap
        on conflict (module, days, account_id) do update set events = excluded.events
        where usage_module_totals.events <> excluded.events)
      delete from usage_module_totals t
      where true ${byAccount('t.account_id')} ${byModule('t.module')}
        and not exists (select 1 from totals s where s.module = t.module and s.days = t.days and s.account_id = t.account_id)`.execute(
      trx,
    );
    if (everything)
      await sql`insert into usage_module_totals_state (as_of) values (${today}::date)
        on conflict (singleton) do update set as_of = excluded.as_of`.execute(trx);
  };
  // A full refresh and its day are one transaction, so the filter never trusts half-written totals.
  if (everything && !db.isTransaction) await (db as Kysely<DB>).transaction().execute(run);
  else await run(db);
}
