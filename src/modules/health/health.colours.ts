import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { withWorkMemory } from '../../db/work-memory.js';
import { liveAccounts } from '../accounts/accounts.read.js';

/** The primary scorecard's colours over time, read from the snapshots (the Home's distribution). */
export function colourReads(db: Kysely<DB>) {
  /**
   * How many accounts the primary scorecard had in each colour on each day asked for (each account's
   * latest snapshot within the 7 days up to that day), among some accounts or else every live one: the
   * Home's distribution and its movement. One statement for all days; the whole organisation is a join
   * on the live accounts, not a list of every id sent with the query.
   *
   * The latest colour is found by hashing, not sorting: `max(days × 4 + colour code)` per day and account
   * is the code of the latest day's colour (one snapshot per scorecard, account and day). Read from
   * health_snapshots_day_idx alone (migration 0053) and aggregated in memory, the organisation's two days
   * take ~0.4 s on 100,000 accounts instead of ~1.1 s for a sort of every snapshot spilled to disk.
   */
  async function colourDistribution(days: string[], accountIds?: string[]) {
    if (!days.length) return [];
    // 200,000 groups (two days of 100,000 accounts) fit in 64 MB; the default 4 MB spills them to disk.
    return withWorkMemory(db, '64MB', async (trx) => {
      const result = await sql<{ day: string; red: number; yellow: number; green: number }>`
        with d(day) as (select unnest(${days}::date[])),
        latest as (
          select d.day, h.account_id,
            max((h.day - date '2000-01-01') * 4
              + case h.color when 'red' then 1 when 'yellow' then 2 when 'green' then 3 else 0 end) % 4 as colour
          from d join health_snapshots h on h.day <= d.day and h.day > d.day - 7
          join health_scorecards c on c.id = h.scorecard_id and c.is_primary and c.active
          ${accountIds ? sql`where h.account_id = any(${accountIds}::uuid[])` : sql``}
          group by d.day, h.account_id)
        select to_char(d.day, 'YYYY-MM-DD') as day,
          count(l.colour) filter (where l.colour = 1)::int as red,
          count(l.colour) filter (where l.colour = 2)::int as yellow,
          count(l.colour) filter (where l.colour = 3)::int as green
        from d left join latest l on l.day = d.day
          and exists (select 1 from (${liveAccounts(db)}) a where a.id = l.account_id)
        group by d.day order by d.day`.execute(trx);
      return result.rows;
    });
  }

  return { colourDistribution };
}
