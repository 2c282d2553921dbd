import { type Kysely, sql } from 'kysely';
import { pageLimit } from '../../db/page-window.js';
import type { DB } from '../../db/types.js';
import type { HealthColor } from '../../shared/health.js';
import { ownerBookRows } from '../accounts/accounts.read.js';
import { factTrend } from '../health/health.read.js';
import { addDays } from './home.rules.js';

/**
 * A CSM's book as the Home counts it, from the account facts (docs/lists.md: ARR and renewal date as
 * fresh as the facts, health at once) in one statement over the book: its size, ARR and colours, the
 * accounts that need attention first (red, yellow, unscored, then by ARR), and its renewal window — how
 * many renew after today and within `renewalDays`, their ARR, the first `rows` by date and those on the
 * window's last day (entered it today); and the accounts whose colour on the day's snapshot differs from
 * the day before's (both snapshots needed). Summed in the database: a book of 2,000 accounts is not sent
 * here to be counted, and its facts are read once for both tiles.
 */
export async function bookFigures(
  db: Kysely<DB>,
  { ownerId, day, renewalDays, rows: shown }: { ownerId: string; day: string; renewalDays: number; rows: number },
) {
  const until = addDays(day, renewalDays);
  const limit = pageLimit({ page: 1, pageSize: shown });
  const { rows } = await sql<{
    accounts: number;
    arr_minor: string;
    red: number;
    yellow: number;
    green: number;
    items: {
      id: string;
      name: string;
      arr_minor: number | null;
      score: number | null;
      color: HealthColor | null;
      trend: number | null;
    }[];
    changes: { id: string; name: string; from: HealthColor; to: HealthColor; score: number }[];
    renewals: number;
    renewal_arr_minor: string;
    renewal_first: string[];
    renewal_entering: string[];
  }>`
    with b as (${ownerBookRows(db, ownerId)}),
    w as (select id, name, renewal_on, arr_minor from b where renewal_on > ${day}::date and renewal_on <= ${until}::date)
    select count(*)::int as accounts, coalesce(sum(arr_minor), 0)::text as arr_minor,
      (count(*) filter (where health_color = 'red'))::int as red,
      (count(*) filter (where health_color = 'yellow'))::int as yellow,
      (count(*) filter (where health_color = 'green'))::int as green,
      (select coalesce(json_agg(t), '[]') from (
        select id, name, arr_minor, health_score as score, health_color as color, health_trend as trend from b
        -- colourRank's order (home.rules.ts): red, yellow, unscored, green.
        order by case health_color when 'red' then 0 when 'yellow' then 1 when 'green' then 3 else 2 end,
          coalesce(arr_minor, 0) desc, name, id
        limit ${limit}) t) as items,
      (select coalesce(json_agg(t), '[]') from (
        select id, name, health_color_before as "from", health_color as "to", health_score as score from b
        where health_day = ${day}::date and health_color <> health_color_before
        order by id) t) as changes,
      (select count(*)::int from w) as renewals,
      (select coalesce(sum(arr_minor), 0)::text from w) as renewal_arr_minor,
      array(select id::text from w order by renewal_on, name, id limit ${limit}) as renewal_first,
      array(select id::text from w where renewal_on = ${until}::date) as renewal_entering
    from b`.execute(db);
  const row = rows[0]!;
  return {
    book: {
      accounts: row.accounts,
      arrMinor: Number(row.arr_minor),
      colours: {
        red: row.red,
        yellow: row.yellow,
        green: row.green,
        none: row.accounts - row.red - row.yellow - row.green,
      },
      items: row.items.map((a) => ({
        accountId: a.id,
        accountName: a.name,
        arrMinor: Number(a.arr_minor ?? 0),
        score: a.score,
        color: a.color,
        trend30: factTrend(a.score, a.trend),
      })),
    },
    colourChanges: row.changes.map((c) => ({
      accountId: c.id,
      accountName: c.name,
      from: c.from,
      to: c.to,
      score: Number(c.score),
    })),
    renewals: {
      count: row.renewals,
      arrMinor: Number(row.renewal_arr_minor),
      first: row.renewal_first,
      entering: row.renewal_entering,
    },
  };
}
