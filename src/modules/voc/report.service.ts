import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import type { VocReport, VocReportQuery } from '../../shared/voc.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import { accountFactRows } from '../accounts/facts.read.js';
import type { RequestService } from './requests.service.js';

export interface ReportDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  currency: string;
  requests: Pick<RequestService, 'topByArr'>;
}

/** The default period of the report: the last 90 days, today included. */
export const DEFAULT_PERIOD_DAYS = 90;
const TOP_TAGS = 20;
const TOP_REQUESTS = 10;
/** The trend shows this many months, ending with the period's last month. */
const TREND_MONTHS = 12;

const addDays = (day: string, days: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * The VoC report (docs/voc.md): which tags weigh most by the ARR of the accounts behind them (each account
 * counted once per tag however many of its items carry it), how each category moves month by month, and
 * the open feature requests by ARR. Days and months are cut in the organisation's time zone.
 */
export function createReportService({ db, clock, timeZone, currency, requests }: ReportDeps) {
  return {
    async report(query: VocReportQuery): Promise<VocReport> {
      const to = query.to ?? clock.today(timeZone);
      const from = query.from ?? addDays(to, -((query.days ?? DEFAULT_PERIOD_DAYS) - 1));
      const [year, month] = to.split('-').map(Number) as [number, number];
      const trendFrom = new Date(Date.UTC(year, month - TREND_MONTHS, 1)).toISOString().slice(0, 10);
      const trendStart = trendFrom < from ? trendFrom : `${from.slice(0, 7)}-01`;
      const tagged = (start: string) => sql`
        select l.tag_id, t.category_id, l.account_id, (l.item_at at time zone ${timeZone})::date as day
        from voc_tag_links l
        join voc_tags t on t.id = l.tag_id
        join (${liveAccounts(db)}) a on a.id = l.account_id
        where (l.item_at at time zone ${timeZone})::date between ${start}::date and ${to}::date`;
      const facts = accountFactRows(db);

      const [tags, trend, categories, top] = await Promise.all([
        sql<{
          id: string;
          category_id: string;
          name_zh: string;
          name_en: string;
          items: number;
          accounts: number;
          arr_minor: number;
        }>`
          with l as (${tagged(from)}),
          per_tag as (select tag_id, count(*)::int as items, count(distinct account_id)::int as accounts from l group by tag_id),
          arr as (
            select d.tag_id, coalesce(sum(f.arr_minor), 0)::bigint as arr_minor
            from (select distinct tag_id, account_id from l) d
            left join (${facts}) f on f.account_id = d.account_id
            group by d.tag_id
          )
          select t.id, t.category_id, t.name_zh, t.name_en, p.items, p.accounts, arr.arr_minor
          from per_tag p join voc_tags t on t.id = p.tag_id join arr on arr.tag_id = p.tag_id
          order by arr.arr_minor desc, p.items desc, t.name_en
          limit ${TOP_TAGS}`.execute(db),
        sql<{ month: string; category_id: string; items: number; arr_minor: number }>`
          with l as (select *, to_char(day, 'YYYY-MM') as month from (${tagged(trendStart)}) x),
          counts as (select month, category_id, count(*)::int as items from l group by month, category_id),
          arr as (
            select d.month, d.category_id, coalesce(sum(f.arr_minor), 0)::bigint as arr_minor
            from (select distinct month, category_id, account_id from l) d
            left join (${facts}) f on f.account_id = d.account_id
            group by d.month, d.category_id
          )
          select c.month, c.category_id, c.items, arr.arr_minor
          from counts c join arr on arr.month = c.month and arr.category_id = c.category_id
          order by c.month, c.category_id`.execute(db),
        db
          .selectFrom('voc_categories')
          .select(['id', 'name_zh', 'name_en'])
          .orderBy('position')
          .orderBy('name_en')
          .execute(),
        requests.topByArr(TOP_REQUESTS),
      ]);
      return {
        from,
        to,
        currency,
        tags: tags.rows.map((t) => ({
          id: t.id,
          categoryId: t.category_id,
          nameZh: t.name_zh,
          nameEn: t.name_en,
          items: Number(t.items),
          accounts: Number(t.accounts),
          arrMinor: Number(t.arr_minor),
        })),
        categories: categories.map((c) => ({ id: c.id, nameZh: c.name_zh, nameEn: c.name_en })),
        trend: trend.rows.map((r) => ({
          month: r.month,
          categoryId: r.category_id,
          items: Number(r.items),
          arrMinor: Number(r.arr_minor),
        })),
        requests: top,
      };
    },
  };
}
export type ReportService = ReturnType<typeof createReportService>;
