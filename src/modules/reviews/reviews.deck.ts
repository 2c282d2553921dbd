import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import type { AccountSummary } from '../../shared/account360.js';
import type { Benchmark } from '../../shared/benchmarks.js';
import type { Deck, DeckLanguage } from '../../shared/reviews.js';
import type { AccountService } from '../accounts/accounts.service.js';
import { accountMilestoneRows, milestoneTemplateRows } from '../milestones/milestones.read.js';
import type { SettingsService } from '../settings/settings.service.js';
import { npsResponseRows } from '../surveys/nps.read.js';
import { ticketRows } from '../tickets/tickets.read.js';
import { eventCatalogueRows, usageDailyRows, userDailyRows } from '../usage/usage.history.read.js';
import type { ReviewService } from './reviews.service.js';

/** An objective of the account's success plan, as the success plans module gives it (objectivesFor). */
export interface SourceObjective {
  title: string;
  status: string;
  dueOn: string | null;
  neededOutcome: string | null;
  progress: number | null;
}

/**
 * The deck's sources beyond the read models: each named by the little it needs, so neither the CTA module
 * (whose triggers read this module) nor a module still being built becomes an import of this one.
 */
export interface DeckDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  accounts: Pick<AccountService, 'get'>;
  settings: Pick<SettingsService, 'get'>;
  reviews: Pick<ReviewService, 'status'>;
  summary: { summary(accountId: string): Promise<AccountSummary> };
  benchmarks: { account(accountId: string, group: 'tier'): Promise<Benchmark> };
  ctas: {
    listOpen(q: {
      accountIds: string[];
    }): Promise<
      { ruleKey: string | null; ruleName: string | null; title: string | null; dueOn: string; priority: string }[]
    >;
  };
  /** Success plans; absent while that module is not wired in (the deck then has no objectives). */
  objectives?: { objectivesFor(accountId: string): Promise<SourceObjective[]> };
}

const TREND_MONTHS = 6;

/** The first day of the month `back` months before the month of `day`, 'YYYY-MM-DD'. */
function monthStart(day: string, back: number) {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - back);
  return d.toISOString().slice(0, 10);
}
function minusMonths(day: string, months: number) {
  const d = new Date(`${day}T00:00:00Z`);
  const target = d.getUTCMonth() - months;
  d.setUTCMonth(target);
  // 31 May − 3 months is 28/29 February, not 3 March.
  if (d.getUTCMonth() !== ((target % 12) + 12) % 12) d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

const pickObjective = (o: SourceObjective) => ({
  title: o.title,
  status: o.status,
  dueOn: o.dueOn,
  neededOutcome: o.neededOutcome,
  progress: o.progress,
});

/** Composes one account's business review deck from the owners' services and read models. */
export function createDeckService(deps: DeckDeps) {
  const { db, clock, timeZone } = deps;

  async function usage(accountId: string, from: string, months: string[]) {
    const [events, users, modules] = await Promise.all([
      sql<{ month: string; module: string; events: number }>`
        select to_char(u.day, 'YYYY-MM') as month, coalesce(c.module, '') as module, sum(u.count)::int as events
        from ${usageDailyRows(db)} u left join ${eventCatalogueRows(db)} c on c.event = u.event
        where u.account_id = ${accountId} and u.day >= ${from}::date
        group by 1, 2`.execute(db),
      sql<{ month: string; users: number }>`
        select to_char(day, 'YYYY-MM') as month, count(distinct person)::int as users
        from ${userDailyRows(db)} u where u.account_id = ${accountId} and u.day >= ${from}::date group by 1`.execute(
        db,
      ),
      deps.settings.get('product_modules'),
    ]);
    const names = new Map(modules.map((m) => [m.key, m.name]));
    const byModule = new Map<string, number[]>();
    for (const r of events.rows) {
      const series = byModule.get(r.module) ?? months.map(() => 0);
      const i = months.indexOf(r.month);
      if (i >= 0) series[i] = (series[i] ?? 0) + r.events;
      byModule.set(r.module, series);
    }
    const usersByMonth = new Map(users.rows.map((r) => [r.month, r.users]));
    return {
      months,
      modules: [...byModule.entries()]
        .map(([key, series]) => ({ key, name: names.get(key) ?? key, events: series }))
        .sort((a, b) => b.events.reduce((s, n) => s + n, 0) - a.events.reduce((s, n) => s + n, 0)),
      activeUsers: months.map((m) => usersByMonth.get(m) ?? 0),
    };
  }

  async function support(accountId: string, from: string) {
    const since = sql`(${from}::date::timestamp at time zone ${timeZone})`;
    const { rows } = await sql<Deck['support'] & { low: number; normal: number; high: number; urgent: number }>`
      select count(*) filter (where opened_at >= ${since})::int as opened,
             count(*) filter (where closed_at >= ${since})::int as closed,
             count(*) filter (where status in ('open', 'pending'))::int as "openNow",
             count(*) filter (where opened_at >= ${since} and priority = 'low')::int as low,
             count(*) filter (where opened_at >= ${since} and priority = 'normal')::int as normal,
             count(*) filter (where opened_at >= ${since} and priority = 'high')::int as high,
             count(*) filter (where opened_at >= ${since} and priority = 'urgent')::int as urgent,
             round(avg(csat) filter (where closed_at >= ${since}), 2)::float8 as "csatAverage",
             count(csat) filter (where closed_at >= ${since})::int as "csatCount"
      from ${ticketRows(db)} t where t.account_id = ${accountId}`.execute(db);
    const r = rows[0];
    return {
      opened: r?.opened ?? 0,
      closed: r?.closed ?? 0,
      openNow: r?.openNow ?? 0,
      byPriority: { low: r?.low ?? 0, normal: r?.normal ?? 0, high: r?.high ?? 0, urgent: r?.urgent ?? 0 },
      csatAverage: r?.csatAverage ?? null,
      csatCount: r?.csatCount ?? 0,
    };
  }

  async function nps(accountId: string, from: string): Promise<Deck['nps']> {
    const since = sql`(${from}::date::timestamp at time zone ${timeZone})`;
    const { rows } = await sql<Omit<Deck['nps'], 'score'>>`
      select count(*) filter (where responded_at >= ${since})::int as responses,
             count(*) filter (where responded_at >= ${since} and score >= 9)::int as promoters,
             count(*) filter (where responded_at >= ${since} and score between 7 and 8)::int as passives,
             count(*) filter (where responded_at >= ${since} and score <= 6)::int as detractors,
             (array_agg(score order by responded_at desc, id desc))[1] as latest
      from ${npsResponseRows(db)} n where n.account_id = ${accountId}`.execute(db);
    const r = rows[0] ?? { responses: 0, promoters: 0, passives: 0, detractors: 0, latest: null };
    const score = r.responses ? Math.round((100 * (r.promoters - r.detractors)) / r.responses) : null;
    return { ...r, latest: r.latest ?? null, score };
  }

  return {
    async deck(accountId: string, lang?: DeckLanguage): Promise<Deck> {
      const account = await deps.accounts.get(accountId); // 404 for an unknown or deleted account
      const status = await deps.reviews.status(accountId);
      const today = clock.today(timeZone);
      const from = status.lastOn ?? minusMonths(today, status.cadence?.months ?? 3);
      const trendFrom = monthStart(today, TREND_MONTHS - 1);
      const months = Array.from({ length: TREND_MONTHS }, (_, i) =>
        monthStart(today, TREND_MONTHS - 1 - i).slice(0, 7),
      );
      const [summary, usageTrend, tickets, answers, milestones, benchmark, open, objectives] = await Promise.all([
        deps.summary.summary(accountId),
        usage(accountId, trendFrom, months),
        support(accountId, from),
        nps(accountId, from),
        sql<{ key: string | null; name: string; completedOn: string }>`
          select t.key, t.name, m.completed_on::text as "completedOn"
          from ${accountMilestoneRows(db)} m join ${milestoneTemplateRows(db)} t on t.id = m.template_id
          where m.account_id = ${accountId} and m.completed_on is not null
          order by m.completed_on, t.position`.execute(db),
        deps.benchmarks.account(accountId, 'tier'),
        deps.ctas.listOpen({ accountIds: [accountId] }),
        deps.objectives ? deps.objectives.objectivesFor(accountId) : Promise.resolve(null),
      ]);
      return {
        language: lang ?? status.language,
        generatedOn: today,
        kind: status.cadence?.kind ?? 'qbr',
        period: { from, to: today },
        account: {
          name: account.name,
          tier: account.tier,
          currency: summary.currency,
          arrMinor: summary.arrMinor,
          plan: summary.plan,
          renewalOn: summary.renewalOn,
          health: summary.health,
          renewalProbability: summary.renewalProbability,
          ownerName: account.ownerName,
        },
        objectives: objectives ? objectives.map(pickObjective) : null,
        usage: usageTrend,
        support: tickets,
        nps: answers,
        value: {
          milestones: milestones.rows,
          objectivesAchieved: objectives ? objectives.filter((o) => o.status === 'achieved').map((o) => o.title) : null,
        },
        benchmark: {
          group: benchmark.group,
          groupValue: benchmark.groupValue,
          metrics: benchmark.metrics.map((m) => ({
            metric: m.metric,
            module: m.module?.name ?? null,
            value: m.value,
            median: m.median,
            percentile: m.percentile,
          })),
        },
        plan: {
          nextReviewOn: status.dueOn,
          actions: open
            .map((c) => ({
              ruleKey: c.ruleKey,
              title: c.title ?? c.ruleName ?? '',
              dueOn: c.dueOn,
              priority: c.priority,
            }))
            .sort((a, b) => a.dueOn.localeCompare(b.dueOn))
            .slice(0, 10),
          objectives: objectives
            ? objectives.filter((o) => o.status !== 'achieved' && o.status !== 'missed').map(pickObjective)
            : null,
        },
      };
    },
  };
}

export type DeckService = ReturnType<typeof createDeckService>;
