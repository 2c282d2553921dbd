import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import type { HealthColor } from '../../shared/health.js';
import { liveAccounts } from '../accounts/accounts.read.js';

/** The primary scorecard's colours over time, read from the snapshots (the Home's distribution and its changes). */
export function colourReads(db: Kysely<DB>) {
  /**
   * How many accounts the primary scorecard had in each colour on each day asked for (each account's
   * latest snapshot within the 7 days up to that day), among some accounts or else every live one: the
   * Home's distribution and its movement. One statement for all days; the whole organisation is a join
   * on the live accounts, not a list of every id sent with the query.
   */
  async function colourDistribution(days: string[], accountIds?: string[]) {
    if (!days.length) return [];
    const result = await sql<{ day: string; red: number; yellow: number; green: number }>`
      with d(day) as (select unnest(${days}::date[])),
      latest as (
        select distinct on (d.day, h.account_id) d.day, h.color
        from d join health_snapshots h on h.day <= d.day and h.day > d.day - 7
        join health_scorecards c on c.id = h.scorecard_id and c.is_primary and c.active
        where ${
          accountIds
            ? sql`h.account_id = any(${accountIds}::uuid[])`
            : sql`exists (select 1 from (${liveAccounts(db)}) a where a.id = h.account_id)`
        }
        order by d.day, h.account_id, h.day desc)
      select to_char(d.day, 'YYYY-MM-DD') as day,
        count(l.color) filter (where l.color = 'red')::int as red,
        count(l.color) filter (where l.color = 'yellow')::int as yellow,
        count(l.color) filter (where l.color = 'green')::int as green
      from d left join latest l on l.day = d.day group by d.day order by d.day`.execute(db);
    return result.rows;
  }

  /**
   * Accounts whose primary-scorecard colour differs between their snapshot of \`day\` and the one of the
   * day before (what changed since yesterday); accounts without both snapshots are left out.
   */
  async function colourChanges(accountIds: string[], day: string) {
    if (!accountIds.length) return [];
    const result = await sql<{ account_id: string; from_color: HealthColor; to_color: HealthColor; score: number }>`
      select t.account_id, y.color as from_color, t.color as to_color, t.score
      from health_snapshots t
      join health_scorecards c on c.id = t.scorecard_id and c.is_primary and c.active
      join health_snapshots y on y.scorecard_id = t.scorecard_id and y.account_id = t.account_id
        and y.day = t.day - 1
      where t.day = ${day}::date and t.account_id = any(${accountIds}::uuid[]) and t.color <> y.color
      order by t.account_id`.execute(db);
    return result.rows.map((r) => ({
      accountId: r.account_id,
      from: r.from_color,
      to: r.to_color,
      score: Number(r.score),
    }));
  }

  return { colourDistribution, colourChanges };
}
