/**
 * The built-in feature families: each is one set-based statement over every (account, as-of day)
 * point at once, computing only what was known on that day, so a historical example never sees
 * its own outcome. To add a family, append a `FeatureFamily` to `FEATURE_FAMILIES` (or pass it to
 * `createPredictionService({ families })`); nothing else changes.
 */
import { type Expression, type Kysely, sql, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/types.js';
import { accountRows } from '../accounts/accounts.read.js';
import { subscriptionVersionRows } from '../subscriptions/versions.read.js';
import { npsResponseRows } from '../surveys/nps.read.js';
import { ticketRows } from '../tickets/tickets.read.js';
import { eventCatalogueRows, usageDailyRows } from '../usage/usage.history.read.js';
import type { FeatureKind, RawRow } from './encoding.js';

export interface AsOf {
  account_id: string;
  as_of: string;
}

export interface FeatureContext {
  db: Kysely<DB>;
  timeZone: string;
  /** Keys of the core product modules (settings → product modules). */
  coreModules: string[];
  /** The key behaviour's event, when one is configured. */
  keyEvent: string | null;
  /** Currency → factor into the base currency. */
  fxFactors: Record<string, number>;
  /** Saved segments in name order, each as a SQL predicate over `accounts`. */
  segmentCases: { name: string; predicate: Expression<SqlBool> }[];
}

export interface FeatureFamily {
  key: string;
  columns: { key: string; kind: FeatureKind }[];
  /**
   * Days of usage history its window reads back from the as-of day (60 for "the last 30 against
   * the 30 before"). Training uses only cut-offs at least this long after the first usage day,
   * so "no history yet" never reads as "no usage".
   */
  usageWindowDays?: number;
  /**
   * Read from the account as it is now, with no history kept (segment membership): unknown for a
   * past day, so left out when training on historical cut-offs.
   */
  current?: boolean;
  /** One statement; rows keyed by pointKey(account, as-of day). Columns not returned count as blank. */
  load(ctx: FeatureContext, points: AsOf[]): Promise<Map<string, RawRow>>;
}

/** The key of one (account, as-of day) point in feature rows. */
export const pointKey = (accountId: string, asOf: string) => `${accountId}|${asOf}`;

/** The points as a relation `p(account_id, as_of)`, sent as one JSON parameter. */
const pointsCte = (points: AsOf[]) =>
  sql`p as (select * from jsonb_to_recordset(${JSON.stringify(points)}::jsonb) as x(account_id uuid, as_of date))`;

async function rowsOf(ctx: FeatureContext, query: RawBuilder<Record<string, unknown>>) {
  const result = await query.execute(ctx.db);
  const out = new Map<string, RawRow>();
  for (const r of result.rows) {
    const { account_id, as_of, ...rest } = r as { account_id: string; as_of: string } & Record<string, unknown>;
    out.set(
      pointKey(account_id, as_of),
      Object.fromEntries(
        Object.entries(rest).map(([k, v]) => [
          k,
          v === null || v === undefined ? null : typeof v === 'number' || typeof v === 'string' ? v : Number(v),
        ]),
      ) as RawRow,
    );
  }
  return out;
}

const num = (key: string) => ({ key, kind: 'numeric' as const });

export const FEATURE_FAMILIES: FeatureFamily[] = [
  {
    // Activity (Gainsight's UV/PV): event volume, log-scaled, and the busiest day's users.
    key: 'usage',
    usageWindowDays: 30,
    columns: [num('events_30d'), num('active_users_30d')],
    load: (ctx, points) =>
      rowsOf(
        ctx,
        sql`with ${pointsCte(points)}
        select p.account_id, to_char(p.as_of, 'YYYY-MM-DD') as as_of, ln(1 + coalesce(sum(u.count), 0))::float8 as events_30d, coalesce(max(u.users), 0)::int as active_users_30d
        from p left join ${usageDailyRows(ctx.db)} u on u.account_id = p.account_id and u.day > p.as_of - 30 and u.day <= p.as_of
        group by p.account_id, p.as_of`,
      ),
  },
  {
    key: 'core_modules',
    usageWindowDays: 30,
    columns: [num('core_modules_30d')],
    load: (ctx, points) =>
      rowsOf(
        ctx,
        sql`with ${pointsCte(points)}
        select p.account_id, to_char(p.as_of, 'YYYY-MM-DD') as as_of, count(distinct c.module)::int as core_modules_30d
        from p left join (${usageDailyRows(ctx.db)} u join ${eventCatalogueRows(ctx.db)} c on c.event = u.event and c.module = any(${ctx.coreModules}::text[]))
          on u.account_id = p.account_id and u.day > p.as_of - 30 and u.day <= p.as_of
        group by p.account_id, p.as_of`,
      ),
  },
  {
    // Last 30 days against the 30 before, as a log ratio: 0 flat, −0.69 halved, +0.69 doubled.
    key: 'activity_trend',
    usageWindowDays: 60,
    columns: [num('activity_trend')],
    load: (ctx, points) =>
      rowsOf(
        ctx,
        sql`with ${pointsCte(points)}
        select p.account_id, to_char(p.as_of, 'YYYY-MM-DD') as as_of, ln((1 + coalesce(sum(u.count) filter (where u.day > p.as_of - 30), 0))::float8
                                / (1 + coalesce(sum(u.count) filter (where u.day <= p.as_of - 30), 0))::float8) as activity_trend
        from p left join ${usageDailyRows(ctx.db)} u on u.account_id = p.account_id and u.day > p.as_of - 60 and u.day <= p.as_of
        group by p.account_id, p.as_of`,
      ),
  },
  {
    key: 'tickets',
    columns: [num('tickets_90d'), num('urgent_tickets_90d'), num('open_tickets')],
    load: (ctx, points) =>
      rowsOf(
        ctx,
        sql`with ${pointsCte(points)}
        select p.account_id, to_char(p.as_of, 'YYYY-MM-DD') as as_of,
          count(t.id) filter (where (t.opened_at at time zone ${ctx.timeZone})::date > p.as_of - 90)::int as tickets_90d,
          count(t.id) filter (where (t.opened_at at time zone ${ctx.timeZone})::date > p.as_of - 90 and t.priority = 'urgent')::int as urgent_tickets_90d,
          count(t.id) filter (where t.closed_at is null or (t.closed_at at time zone ${ctx.timeZone})::date > p.as_of)::int as open_tickets
        from p left join ${ticketRows(ctx.db)} t on t.account_id = p.account_id and (t.opened_at at time zone ${ctx.timeZone})::date <= p.as_of
        group by p.account_id, p.as_of`,
      ),
  },
  {
    key: 'nps',
    columns: [num('nps_latest'), num('nps_average')],
    load: (ctx, points) =>
      rowsOf(
        ctx,
        sql`with ${pointsCte(points)}
        select p.account_id, to_char(p.as_of, 'YYYY-MM-DD') as as_of,
          (array_agg(r.score order by r.responded_at desc))[1]::int as nps_latest,
          avg(r.score)::float8 as nps_average
        from p left join ${npsResponseRows(ctx.db)} r on r.account_id = p.account_id and (r.responded_at at time zone ${ctx.timeZone})::date <= p.as_of
        group by p.account_id, p.as_of`,
      ),
  },
  {
    // Days from the first payment to the first key behaviour (or first usage without one),
    // known only when it happened by the as-of day and the usage history reaches back to the payment.
    key: 'time_to_live',
    columns: [num('days_to_live')],
    load: (ctx, points) =>
      rowsOf(
        ctx,
        sql`with ${pointsCte(points)}, history as (select min(day) as since from ${usageDailyRows(ctx.db)} u)
        select p.account_id, to_char(p.as_of, 'YYYY-MM-DD') as as_of, (min(u.day) - a.first_paid_on)::int as days_to_live
        from p join ${accountRows(ctx.db)} a on a.id = p.account_id cross join history h
        left join ${usageDailyRows(ctx.db)} u on u.account_id = p.account_id and u.day >= a.first_paid_on and u.day <= p.as_of
          and (${ctx.keyEvent}::text is null or u.event = ${ctx.keyEvent}::text)
        where a.first_paid_on is not null and a.first_paid_on >= h.since
        group by p.account_id, p.as_of, a.first_paid_on`,
      ),
  },
  {
    key: 'tenure_days',
    columns: [num('tenure_days')],
    load: (ctx, points) =>
      rowsOf(
        ctx,
        sql`with ${pointsCte(points)}
        select p.account_id, to_char(p.as_of, 'YYYY-MM-DD') as as_of, case when a.first_paid_on <= p.as_of then (p.as_of - a.first_paid_on)::int end as tenure_days
        from p join ${accountRows(ctx.db)} a on a.id = p.account_id`,
      ),
  },
  {
    // MRR in the base currency (log-scaled major units) and licensed seats, from the versions in force.
    key: 'mrr',
    columns: [num('mrr')],
    load: (ctx, points) => loadContract(ctx, points, 'mrr'),
  },
  {
    key: 'seats',
    columns: [num('seats')],
    load: (ctx, points) => loadContract(ctx, points, 'seats'),
  },
  {
    // The first saved segment (by name) the account matches today. Segment rules read the account's
    // current fields (lifecycle stage, churn date, attributes): unknown for a past day.
    key: 'segment',
    current: true,
    columns: [{ key: 'segment', kind: 'categorical' }],
    load: (ctx, points) => {
      const segment = ctx.segmentCases.length
        ? sql`case ${sql.join(
            ctx.segmentCases.map((s) => sql`when ${s.predicate} then ${s.name}`),
            sql` `,
          )} end`
        : sql`null::text`;
      return rowsOf(
        ctx,
        sql`with ${pointsCte(points)}
        select p.account_id, to_char(p.as_of, 'YYYY-MM-DD') as as_of, ${segment} as segment
        from p join ${accountRows(ctx.db)} accounts on accounts.id = p.account_id`,
      );
    },
  },
];

function loadContract(ctx: FeatureContext, points: AsOf[], column: 'mrr' | 'seats') {
  const fx = Object.entries(ctx.fxFactors);
  const factor = fx.length
    ? sql`case v.currency ${sql.join(
        fx.map(([c, f]) => sql`when ${c} then ${f}::float8`),
        sql` `,
      )} end`
    : sql`null::float8`;
  const value =
    column === 'mrr'
      ? sql`ln(1 + coalesce(sum(v.amount_minor::float8 / case v.interval when 'month' then 1 when 'quarter' then 3 else 12 end * ${factor}) / 100, 0))::float8`
      : sql`coalesce(sum(v.quantity), 0)::int`;
  return rowsOf(
    ctx,
    sql`with ${pointsCte(points)}
    select p.account_id, to_char(p.as_of, 'YYYY-MM-DD') as as_of, ${value} as ${sql.ref(column)}
    from p left join ${subscriptionVersionRows(ctx.db)} v on v.account_id = p.account_id and v.starts_on <= p.as_of
      and (v.ends_on is null or v.ends_on > p.as_of) and v.status not in ('trialing', 'canceled')
    group by p.account_id, p.as_of`,
  );
}

export const familyByKey = (families: FeatureFamily[]) => new Map(families.map((f) => [f.key, f]));

/**
 * The health family: the primary scorecard's score as of each example's day, computed by the health
 * module from the data as it was then (not read from stored snapshots, whose history is short —
 * their absence would tell old examples from recent ones, and so the outcome).
 */
export function healthFamily(
  scoresAt: (points: { accountId: string; day: string }[]) => Promise<Map<string, number>>,
): FeatureFamily {
  return {
    key: 'health',
    // The primary scorecard's usage measures compare the last 30 days with the 30 before.
    usageWindowDays: 60,
    columns: [num('health_score')],
    async load(_ctx, points) {
      const scores = await scoresAt(points.map((p) => ({ accountId: p.account_id, day: p.as_of })));
      const out = new Map<string, RawRow>();
      for (const p of points) {
        const key = pointKey(p.account_id, p.as_of);
        const score = scores.get(key);
        if (score !== undefined) out.set(key, { health_score: score });
      }
      return out;
    },
  };
}

/** The built-in families with health after NPS (the order the picker shows). */
export function familiesWithHealth(health: Parameters<typeof healthFamily>[0]): FeatureFamily[] {
  const at = FEATURE_FAMILIES.findIndex((f) => f.key === 'nps') + 1;
  return [...FEATURE_FAMILIES.slice(0, at), healthFamily(health), ...FEATURE_FAMILIES.slice(at)];
}
