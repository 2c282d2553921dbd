import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import {
  type AccountConcentration,
  type ActivationCohorts,
  CONCENTRATION_DAYS,
  CONCENTRATION_MIN_USERS,
  type Concentration,
  ONBOARDING_DAYS,
  type OnboardingRetention,
} from '../../shared/activation.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import type { AccountService } from '../accounts/accounts.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import { subscriptionVersionRows } from '../subscriptions/versions.read.js';
import { usageDailyRows, userDailyRows } from '../usage/usage.history.read.js';
import { flattensAt, median, shareBuckets } from './curves.js';

export interface ActivationDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  settings: Pick<SettingsService, 'get'>;
  accounts: Pick<AccountService, 'get'>;
}

/** How many of the most concentrated accounts the report lists. */
const MOST_CONCENTRATED = 20;

/**
 * Per person, their events over the CONCENTRATION_DAYS days up to `today`, ranked by events (ties broken
 * by the person's id: tied people have the same events, so which of them is "top" never changes the sum).
 */
function rankedPeople(db: Kysely<DB>, today: string, accountId?: string) {
  const scope = accountId ? sql`and u.account_id = ${accountId}::uuid` : sql``;
  return sql`
    select account_id, person, events,
      row_number() over (partition by account_id order by events desc, person) as rank,
      count(*) over (partition by account_id) as users
    from (
      select u.account_id, u.person, sum(u.events)::bigint as events
      from ${userDailyRows(db)} u
      where u.day > ${today}::date - ${CONCENTRATION_DAYS}::int and u.day <= ${today}::date ${scope}
      group by u.account_id, u.person
      having sum(u.events) > 0
    ) p`;
}

/** Per account: active people, the top tenth (ceil), all events and the top tenth's. */
function concentrationRows(db: Kysely<DB>, today: string, accountId?: string) {
  return sql`
    select account_id, max(users)::int as users, ceil(max(users) / 10.0)::int as top_users,
      sum(events)::bigint as events,
      (sum(events) filter (where rank <= ceil(users / 10.0)))::bigint as top_events
    from (${rankedPeople(db, today, accountId)}) r
    group by account_id`;
}

const shareOf = (top: number, all: number) => (all > 0 ? top / all : null);

/**
 * Activation reports (docs/activation.md): read models of accounts, subscriptions and usage, one statement
 * each; owns no table.
 */
export function createActivationService({ db, clock, timeZone, settings, accounts }: ActivationDeps) {
  return {
    /**
     * Cohort curves: accounts by the month they started (the first payment, else the first subscription
     * version's start, else the day the account was created), the share that had done the key event at
     * least `times` (the key behaviour's per-week count) by day d of their life, d = 0 … horizon. A curve
     * runs only to the age of its cohort's youngest account, so every point has the whole cohort as its
     * denominator and a young cohort's curve is short rather than diluted.
     * `reached` and `hits` are materialized: inlined, the planner ran the window over every account's usage
     * once per point of every curve (10,000 times on the demo company, 30+ s instead of well under one).
     */
    async cohorts({
      horizon = 90,
      months = 12,
    }: {
      horizon?: number;
      months?: number;
    } = {}): Promise<ActivationCohorts> {
      const today = clock.today(timeZone);
      const setting = await settings.get('key_behaviour');
      if (!setting) return { keyBehaviour: null, horizon, today, cohorts: [] };
      const { rows } = await sql<{ month: string; accounts: number; days: number; reached: number[] }>`
        with starts as (
          select a.id, coalesce(
              a.first_paid_on,
              (select min(v.starts_on) from ${subscriptionVersionRows(db)} v where v.account_id = a.id),
              (a.created_at at time zone ${timeZone})::date) as start
          from ${liveAccounts(db)} a
        ), cohort as (
          select id, start, to_char(start, 'YYYY-MM') as month, ${today}::date - start as age from starts
          where start <= ${today}::date
            and start >= (date_trunc('month', ${today}::date) - make_interval(months => ${months - 1}))::date
        ), reached as materialized (
          select id, min(d) as day from (
            select c.id, u.day - c.start as d,
              sum(sum(u.count)) over (partition by c.id order by u.day - c.start) as running
            from cohort c join ${usageDailyRows(db)} u on u.account_id = c.id and u.event = ${setting.event}
              and u.day >= c.start and u.day <= c.start + ${horizon}::int
            group by c.id, u.day - c.start
          ) x where running >= ${setting.perWeek}
          group by id
        ), sizes as (
          select month, count(*)::int as accounts, least(min(age), ${horizon}::int)::int as days from cohort group by month
        ), hits as materialized (
          select c.month, r.day, count(*)::int as n from cohort c join reached r on r.id = c.id group by c.month, r.day
        )
        select s.month, s.accounts, s.days,
          array(select coalesce((select sum(h.n) from hits h where h.month = s.month and h.day <= g.d), 0)::int
                from generate_series(0, s.days) g(d) order by g.d) as reached
        from sizes s order by s.month`.execute(db);
      return {
        keyBehaviour: { event: setting.event, times: setting.perWeek },
        horizon,
        today,
        cohorts: rows.map((r) => ({
          month: r.month,
          accounts: r.accounts,
          days: r.days,
          reached: r.reached,
          shares: r.reached.map((n) => n / r.accounts),
          flattensAt: flattensAt(r.reached, r.accounts),
        })),
      };
    },

    /**
     * The 90-day onboarding rule: paying accounts whose first payment is at least ONBOARDING_DAYS ago, split
     * by whether they did the key event `times` times within ONBOARDING_DAYS days of it (the curves' rule),
     * and how many of each group are still customers (no churn date). One statement.
     */
    async retention(): Promise<OnboardingRetention> {
      const today = clock.today(timeZone);
      const setting = await settings.get('key_behaviour');
      const empty = { accounts: 0, retained: 0, share: null };
      if (!setting) return { keyBehaviour: null, days: ONBOARDING_DAYS, activated: empty, missed: empty };
      const { rows } = await sql<{ activated: boolean; accounts: number; retained: number }>`
        with paid as (
          select a.id, a.first_paid_on as start, a.churned_on from ${liveAccounts(db)} a
          where a.first_paid_on is not null and a.first_paid_on <= ${today}::date - ${ONBOARDING_DAYS}::int
        ), key as (
          select p.id, sum(u.count) as n from paid p
          join ${usageDailyRows(db)} u on u.account_id = p.id and u.event = ${setting.event}
            and u.day >= p.start and u.day <= p.start + ${ONBOARDING_DAYS}::int
          group by p.id
        )
        select coalesce(k.n, 0) >= ${setting.perWeek} as activated, count(*)::int as accounts,
          (count(*) filter (where p.churned_on is null))::int as retained
        from paid p left join key k on k.id = p.id
        group by 1`.execute(db);
      const group = (activated: boolean) => {
        const r = rows.find((x) => x.activated === activated);
        return r ? { accounts: r.accounts, retained: r.retained, share: r.retained / r.accounts } : empty;
      };
      return {
        keyBehaviour: { event: setting.event, times: setting.perWeek },
        days: ONBOARDING_DAYS,
        activated: group(true),
        missed: group(false),
      };
    },

    /**
     * The 90/10 view: per account, the share of its people's events (every tracked event, over the last
     * CONCENTRATION_DAYS days) made by its top tenth of people (ceil: one person below ten). The
     * distribution and the list count accounts with at least CONCENTRATION_MIN_USERS active people.
     */
    async concentration(): Promise<Concentration> {
      const today = clock.today(timeZone);
      const { rows } = await sql<{
        account_id: string;
        name: string;
        users: number;
        top_users: number;
        events: number;
        top_events: number;
      }>`
        select c.*, a.name from (${concentrationRows(db, today)}) c
        join ${liveAccounts(db)} a on a.id = c.account_id
        where c.users >= ${CONCENTRATION_MIN_USERS}
        order by c.top_events::float8 / c.events desc, c.users desc, a.name`.execute(db);
      const shares = rows.map((r) => r.top_events / r.events);
      return {
        days: CONCENTRATION_DAYS,
        minimumUsers: CONCENTRATION_MIN_USERS,
        accounts: rows.length,
        median: median(shares),
        buckets: shareBuckets(shares),
        mostConcentrated: rows.slice(0, MOST_CONCENTRATED).map((r) => ({
          accountId: r.account_id,
          name: r.name,
          users: r.users,
          topUsers: r.top_users,
          events: r.events,
          topEvents: r.top_events,
          share: shareOf(r.top_events, r.events),
        })),
      };
    },

    /** One account's 90/10 figure (the Customer 360's usage tab); zeros without active people. */
    async account(accountId: string): Promise<AccountConcentration> {
      await accounts.get(accountId); // 404 for an unknown or deleted account
      const today = clock.today(timeZone);
      const { rows } = await sql<{ users: number; top_users: number; events: number; top_events: number }>`
        ${concentrationRows(db, today, accountId)}`.execute(db);
      const r = rows[0];
      if (!r) return { users: 0, topUsers: 0, events: 0, topEvents: 0, share: null };
      return {
        users: r.users,
        topUsers: r.top_users,
        events: r.events,
        topEvents: r.top_events,
        share: shareOf(r.top_events, r.events),
      };
    },
  };
}

export type ActivationService = ReturnType<typeof createActivationService>;
