/**
 * The measure catalogue: one entry per measure type. Every entry is a set-based SQL fragment
 * over the scope `hs_scope(account_id, day)` — each row an account scored as of that day — that
 * yields `(account_id, day, value)`; a null or absent value means "no data" (the measure is
 * missing and left out of the weighting). Fragments read the shared sources below, each one
 * pass over its table for the whole scope, so adding a measure is one entry here (plus its
 * name in MEASURE_TYPES and the catalogs). Windows end on the day itself: "the last 30 days" as
 * of D is (D−30, D]. Definitions: docs/health.md.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import type { MeasureType } from '../../shared/health.js';
import { accountRows } from '../accounts/accounts.read.js';
import { accountMilestoneRows } from '../milestones/milestones.read.js';
import { subscriptionVersionRows } from '../subscriptions/versions.read.js';
import { npsResponseRows } from '../surveys/nps.read.js';
import { ticketRows } from '../tickets/tickets.read.js';
import {
  activeUsersDailyRows,
  eventCatalogueRows,
  usageDailyRows,
  userDailyRows,
} from '../usage/usage.history.read.js';

export interface MeasureContext {
  timeZone: string;
  /** Product modules marked core (settings product_modules). */
  coreModules: string[];
  keyBehaviour: { event: string; perWeek: number } | null;
  /** First day with any usage roll-up in the organisation; null = none at all. */
  usageStart: string | null;
  /**
   * Set when the scope is one day (the hourly recompute): the big usage tables are then read with
   * constant bounds and no join to the temporary scope, which lets PostgreSQL scan and aggregate
   * them in parallel. accountIds null = every account.
   */
  single?: { day: string; accountIds: string[] | null } | null;
}

/**
 * `FROM` for a windowed read of a usage read model (usage.history.read.ts) as `u`, with the scope day as
 * `s.day`: joined to hs_scope for many days, or bounded by constants for a single day. The read model is a
 * plain select of its table, which the planner pulls up: the bounds still reach the table's index.
 */
function scan(ctx: MeasureContext, rows: UsageRows, window: RawBuilder<unknown>) {
  if (!ctx.single) return sql`from hs_scope s join ${rows} u on u.account_id = s.account_id and ${window}`;
  const only = ctx.single.accountIds ? sql`and u.account_id = any(${ctx.single.accountIds}::uuid[])` : sql``;
  return sql`from ${rows} u cross join (select ${ctx.single.day}::date as day) s where ${window} ${only}`;
}
type UsageRows = ReturnType<typeof activeUsersDailyRows | typeof userDailyRows | typeof usageDailyRows>;

type Source =
  | 'usage'
  | 'people'
  | 'events'
  | 'last_active'
  | 'subs'
  | 'tickets'
  | 'nps'
  | 'sentiment'
  | 'accounts'
  | 'milestones';

export interface MeasureDefinition {
  key: MeasureType;
  sources: Source[];
  /** Typical thresholds offered when an admin adds the measure. */
  defaults: { bad: number; good: number };
  sql(ctx: MeasureContext, attributeKey: string | null): RawBuilder<unknown>;
}

/** End of day D in the org zone, as an instant: events before it happened on or before D. */
const endOf = (ctx: MeasureContext, day: RawBuilder<unknown> | ReturnType<typeof sql.ref>) =>
  sql`((${day} + 1)::timestamp at time zone ${ctx.timeZone})`;
/** True when the organisation had usage data by day D: before that, usage measures are missing. */
const usageKnown = (ctx: MeasureContext) => (ctx.usageStart ? sql`s.day >= ${ctx.usageStart}::date` : sql`false`);

/** (D−30, D] and (D−60, D−30] of a usage row `u` scored as of `s.day`. */
const LAST_30 = sql`u.day > s.day - 30 and u.day <= s.day`;
const PREVIOUS_30 = sql`u.day > s.day - 60 and u.day <= s.day - 30`;

/**
 * One statement per source, over the whole scope; only the sources the active measures need are built.
 * Each reads its facts through the owning module's read model, composed into the one statement.
 */
export const SOURCES: Record<Source, (ctx: MeasureContext, db: Kysely<DB>) => RawBuilder<unknown>> = {
  // Every window is bounded on both sides in its own filter, so the result is the same whatever
  // the scan reads: a one-day scope reads the whole history (below), a many-day one 60 days. The
  // 30 days before used to be "everything up to D−30", which only the many-day scan cut to 30
  // days — the hourly recompute then compared a month with months and turned trends to −80 %.
  usage: (ctx, db) => sql`
    select u.account_id, s.day,
           coalesce(sum(u.users) filter (where ${LAST_30}), 0) as users30,
           coalesce(sum(u.users) filter (where ${PREVIOUS_30}), 0) as users_prev30,
           coalesce(max(u.users) filter (where ${LAST_30}), 0) as max_daily30,
           ${ctx.single ? sql`max(u.day) filter (where u.users > 0 and u.day <= s.day)` : sql`null::date`} as last_day
    ${
      // Without an index on day a one-day read scans the table anyway: it takes the whole history
      // in the same pass and gives the last active day too (last_active is then not needed).
      ctx.single
        ? scan(ctx, activeUsersDailyRows(db), sql`u.day <= s.day`)
        : scan(ctx, activeUsersDailyRows(db), sql`u.day > s.day - 60 and u.day <= s.day`)
    }
    group by 1, 2`,
  people: (ctx, db) => sql`
    select u.account_id, s.day, count(distinct u.person) as people30
    ${scan(ctx, userDailyRows(db), sql`u.day > s.day - 30 and u.day <= s.day`)}
    group by 1, 2`,
  // One pass over usage_daily, one aggregation level, for both the core modules used (30 days) and
  // the key behaviour's regular weeks (the last four 7-day blocks with at least perWeek occurrences).
  events: (ctx, db) => {
    // Only the events that count: those of core modules and the key behaviour.
    const relevant = sql`array(select event from ${eventCatalogueRows(db)} c where module = any(${ctx.coreModules}::text[]) union select ${ctx.keyBehaviour?.event ?? ''}::text)`;
    const key = ctx.keyBehaviour?.event ?? '';
    const perWeek = ctx.keyBehaviour?.perWeek ?? 1;
    const inWeek = (w: number) =>
      sql`(coalesce(sum(u.count) filter (where u.event = ${key} and (u.sday - u.day) / 7 = ${w}::int), 0) >= ${perWeek})::int`;
    return sql`
    select u.account_id, u.sday as day,
           length(replace(bit_or(case when c.module = any(${ctx.coreModules}::text[]) then 1 << (array_position(${ctx.coreModules}::text[], c.module) - 1) else 0 end)::bit(32)::text, '0', '')) as core_used,
           ${inWeek(0)} + ${inWeek(1)} + ${inWeek(2)} + ${inWeek(3)} as regular_weeks
    from (select u.account_id, s.day as sday, u.day, u.event, u.count
          ${scan(ctx, usageDailyRows(db), sql`u.day > s.day - 30 and u.day <= s.day and u.count > 0 and u.event = any(${relevant})`)}) u
    left join ${eventCatalogueRows(db)} c on c.event = u.event
    group by 1, 2`;
  },
  last_active: (ctx, db) =>
    ctx.single
      ? sql`select null::uuid as account_id, null::date as day, null::date as last_day where false`
      : sql`
    select s.account_id, s.day, l.day as last_day
    from hs_scope s
    cross join lateral (select u.day from ${activeUsersDailyRows(db)} u where u.account_id = s.account_id and u.day <= s.day and u.users > 0 order by u.day desc limit 1) l`,
  subs: (_ctx, db) => sql`
    select s.account_id, s.day, max(v.quantity) as seats, bool_or(v.status = 'past_due') as past_due
    from hs_scope s join ${subscriptionVersionRows(db)} v on v.account_id = s.account_id and v.starts_on <= s.day and (v.ends_on is null or v.ends_on > s.day) and v.status <> 'canceled'
    group by 1, 2`,
  tickets: (ctx, db) => sql`
    select s.account_id, s.day,
           count(*) filter (where t.closed_at >= e.at or (t.closed_at is null and t.status in ('open', 'pending'))) as open_now,
           count(*) filter (where t.opened_at >= e.at - interval '30 days' and t.priority in ('high', 'urgent')) as urgent30,
           count(*) filter (where t.opened_at >= e.at - interval '30 days') as opened30,
           count(*) filter (where t.opened_at >= e.at - interval '60 days' and t.opened_at < e.at - interval '30 days') as opened_prev30
    from hs_scope s
    cross join lateral (select ${endOf(ctx, sql.ref('s.day'))} as at) e
    join ${ticketRows(db)} t on t.account_id = s.account_id and t.opened_at < e.at
     and (t.opened_at >= e.at - interval '60 days' or t.closed_at is null or t.closed_at >= e.at)
    group by 1, 2`,
  nps: (ctx, db) => sql`
    select s.account_id, s.day, (array_agg(n.score order by n.responded_at desc))[1] as latest, avg(n.score) as average
    from hs_scope s join ${npsResponseRows(db)} n on n.account_id = s.account_id
     and n.responded_at < ${endOf(ctx, sql.ref('s.day'))} and n.responded_at >= ${endOf(ctx, sql.ref('s.day'))} - interval '365 days'
    group by 1, 2`,
  sentiment: () => sql`
    select distinct on (s.account_id, s.day) s.account_id, s.day, h.value, h.expires_on
    from hs_scope s join health_sentiments h on h.account_id = s.account_id and h.set_on <= s.day
    order by s.account_id, s.day, h.set_on desc, h.created_at desc`,
  accounts: (_ctx, db) =>
    sql`select s.account_id, s.day, a.attributes, a.first_paid_on from hs_scope s join ${accountRows(db)} a on a.id = s.account_id`,
  // Success milestones (src/modules/milestones) that were due by the day, or done early by then.
  milestones: (_ctx, db) => sql`
    select s.account_id, s.day,
           count(*) filter (where m.completed_on is not null and m.completed_on <= m.due_on) as on_time,
           count(*) as counted
    from hs_scope s join ${accountMilestoneRows(db)} m on m.account_id = s.account_id
     and (m.due_on <= s.day or (m.completed_on is not null and m.completed_on <= s.day))
    group by 1, 2`,
};

const NUMERIC_TEXT = '^-?[0-9]+(\\.[0-9]+)?$';

export const MEASURES: Record<MeasureType, MeasureDefinition> = {
  active_users_per_seat: {
    key: 'active_users_per_seat',
    sources: ['usage', 'people', 'subs'],
    defaults: { bad: 10, good: 70 },
    // Monthly actives: distinct people tracked, or — for days known only as daily roll-ups — the
    // busiest day's count, a lower bound. Seats: the largest quantity on an active subscription
    // version (an add-on line of quantity 1 does not add a seat).
    sql: (ctx) => sql`
      select s.account_id, s.day, case when ${usageKnown(ctx)} then 100.0 * greatest(coalesce(p.people30, 0), coalesce(u.max_daily30, 0)) / b.seats end
      from hs_scope s join src_subs b on b.account_id = s.account_id and b.day = s.day and b.seats > 0
      left join src_usage u on u.account_id = s.account_id and u.day = s.day
      left join src_people p on p.account_id = s.account_id and p.day = s.day`,
  },
  core_module_breadth: {
    key: 'core_module_breadth',
    sources: ['events'],
    defaults: { bad: 0, good: 100 },
    sql: (ctx) =>
      ctx.coreModules.length
        ? sql`
      select s.account_id, s.day, case when ${usageKnown(ctx)} then 100.0 * coalesce(e.core_used, 0) / ${ctx.coreModules.length} end
      from hs_scope s left join src_events e on e.account_id = s.account_id and e.day = s.day`
        : sql`select account_id, day, null::float8 from hs_scope where false`,
  },
  key_behaviour_frequency: {
    key: 'key_behaviour_frequency',
    sources: ['events'],
    defaults: { bad: 0, good: 100 },
    // Share of the last four weeks (days D−27 … D, in 7-day blocks) with the key behaviour at least perWeek times.
    sql: (ctx) =>
      ctx.keyBehaviour
        ? sql`
      select s.account_id, s.day, case when ${usageKnown(ctx)} then 25.0 * coalesce(k.regular_weeks, 0) end
      from hs_scope s left join src_events k on k.account_id = s.account_id and k.day = s.day`
        : sql`select account_id, day, null::float8 from hs_scope where false`,
  },
  days_since_last_activity: {
    key: 'days_since_last_activity',
    sources: ['usage', 'last_active', 'accounts'],
    defaults: { bad: 30, good: 1 },
    // An account never seen active counts from when it could have been: its first paid day or
    // the start of the organisation's usage data, whichever is later.
    sql: (ctx) => sql`
      select s.account_id, s.day, case when ${usageKnown(ctx)} then
        coalesce(s.day - coalesce(l.last_day, u.last_day), s.day - greatest(a.first_paid_on, ${ctx.usageStart}::date)) end
      from hs_scope s join src_accounts a on a.account_id = s.account_id and a.day = s.day
      left join src_last_active l on l.account_id = s.account_id and l.day = s.day
      left join src_usage u on u.account_id = s.account_id and u.day = s.day`,
  },
  usage_trend: {
    key: 'usage_trend',
    sources: ['usage'],
    defaults: { bad: -50, good: 10 },
    // % change of active-user days, last 30 days against the 30 before; no base, no trend.
    sql: (ctx) => sql`
      select s.account_id, s.day, case when ${usageKnown(ctx)} and u.users_prev30 > 0 then 100.0 * (u.users30 - u.users_prev30) / u.users_prev30 end
      from hs_scope s join src_usage u on u.account_id = s.account_id and u.day = s.day`,
  },
  open_tickets: {
    key: 'open_tickets',
    sources: ['tickets'],
    defaults: { bad: 5, good: 0 },
    sql: () =>
      sql`select s.account_id, s.day, coalesce(t.open_now, 0) from hs_scope s left join src_tickets t on t.account_id = s.account_id and t.day = s.day`,
  },
  urgent_tickets: {
    key: 'urgent_tickets',
    sources: ['tickets'],
    defaults: { bad: 2, good: 0 },
    sql: () =>
      sql`select s.account_id, s.day, coalesce(t.urgent30, 0) from hs_scope s left join src_tickets t on t.account_id = s.account_id and t.day = s.day`,
  },
  ticket_trend: {
    key: 'ticket_trend',
    sources: ['tickets'],
    defaults: { bad: 3, good: 0 },
    // Tickets opened in the last 30 days minus the 30 before (a count: small numbers make % meaningless).
    sql: () =>
      sql`select s.account_id, s.day, coalesce(t.opened30, 0) - coalesce(t.opened_prev30, 0) from hs_scope s left join src_tickets t on t.account_id = s.account_id and t.day = s.day`,
  },
  nps_latest: {
    key: 'nps_latest',
    sources: ['nps'],
    defaults: { bad: 3, good: 9 },
    sql: () => sql`select account_id, day, latest from src_nps`,
  },
  nps_average: {
    key: 'nps_average',
    sources: ['nps'],
    defaults: { bad: 3, good: 9 },
    sql: () => sql`select account_id, day, average from src_nps`,
  },
  billing_status: {
    key: 'billing_status',
    sources: ['subs'],
    defaults: { bad: 0, good: 100 },
    sql: () => sql`select account_id, day, case when past_due then 0 else 100 end from src_subs`,
  },
  milestones_on_time: {
    key: 'milestones_on_time',
    sources: ['milestones'],
    defaults: { bad: 50, good: 100 },
    // Share of the onboarding milestones due by the day (or done early) that were completed by their
    // due date; no milestone due yet, no value.
    sql: () => sql`select account_id, day, 100.0 * on_time / counted from src_milestones`,
  },
  csm_sentiment: {
    key: 'csm_sentiment',
    sources: ['sentiment'],
    defaults: { bad: 1, good: 5 },
    // Only the latest sentiment counts, and only until it expires: an expired one is missing.
    sql: () => sql`select account_id, day, case when expires_on > day then value end from src_sentiment`,
  },
  custom_attribute: {
    key: 'custom_attribute',
    sources: ['accounts'],
    defaults: { bad: 0, good: 100 },
    // Attributes have no history: a past day is scored with today's value.
    sql: (_ctx, key) => sql`
      select account_id, day, case when attributes->>${key ?? ''} ~ ${NUMERIC_TEXT} then (attributes->>${key ?? ''})::float8 end from src_accounts`,
  },
};
