import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import { latestNpsFacts } from '../surveys/nps.read.js';
import { activeUserFacts } from '../usage/usage.read.js';
import { eventCatalogueRows, usageDailyRows } from '../usage/usage.history.read.js';

/**
 * The current value of every objective's target for some accounts, in one statement over the owners'
 * read models: module usage (the module's events in the 30 days up to `today`, from the daily roll-ups and
 * the event catalogue), active users (distinct people over the same 30 days), the latest NPS answer, and a
 * numeric custom attribute (a JSON number, or a string holding one). Objectives without a target are left
 * out; a metric without data (no NPS answer, no such attribute) is null, usage without events is 0.
 */
export async function currentValues(db: Kysely<DB>, accountIds: readonly string[], today: string) {
  if (!accountIds.length) return new Map<string, number | null>();
  const ids = [...accountIds];
  const { rows } = await sql<{ id: string; current: number | null }>`
    with o as (
      select id, account_id, metric_kind, metric_key from success_objectives
      where account_id = any(${ids}::uuid[]) and metric_kind is not null
    ),
    mu as (
      select d.account_id, e.module, sum(d.count)::float8 as n
      from (${usageDailyRows(db)}) d join (${eventCatalogueRows(db)}) e on e.event = d.event
      where d.account_id = any(${ids}::uuid[]) and d.day > ${today}::date - 30 and d.day <= ${today}::date
        and e.module in (select metric_key from o where metric_kind = 'module_usage')
      group by d.account_id, e.module
    ),
    au as (${activeUserFacts(today, ids)}),
    np as (${latestNpsFacts(ids)})
    select o.id,
      case o.metric_kind
        when 'module_usage' then coalesce(mu.n, 0)
        when 'active_users' then coalesce(au.active_users_30d, 0)::float8
        when 'nps' then np.latest_nps::float8
        when 'attribute' then case
          when jsonb_typeof(a.attributes -> o.metric_key) = 'number' then (a.attributes ->> o.metric_key)::float8
          when (a.attributes ->> o.metric_key) ~ '^\\s*-?[0-9]+(\\.[0-9]+)?\\s*$' then trim(a.attributes ->> o.metric_key)::float8
        end
      end as current
    from o
    left join mu on mu.account_id = o.account_id and mu.module = o.metric_key and o.metric_kind = 'module_usage'
    left join au on au.account_id = o.account_id
    left join np on np.account_id = o.account_id
    left join (${liveAccounts(db)}) a on a.id = o.account_id`.execute(db);
  return new Map(rows.map((r) => [r.id, r.current === null ? null : Number(r.current)]));
}
