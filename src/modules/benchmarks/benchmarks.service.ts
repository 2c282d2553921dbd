import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import {
  BENCHMARK_METRICS,
  type Benchmark,
  type BenchmarkMetric,
  MIN_PEERS,
  type PeerGroup,
  SIZE_BANDS,
} from '../../shared/benchmarks.js';
import { accountFactRows } from '../accounts/facts.read.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import type { AccountService } from '../accounts/accounts.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import { moduleTotalRows } from '../usage/module-totals.read.js';

export interface BenchmarkDeps {
  db: Kysely<DB>;
  accounts: Pick<AccountService, 'get'>;
  settings: Pick<SettingsService, 'get'>;
}

/** The size band of a head count (SIZE_BANDS), or null without one. */
export function sizeBand(employees: number | null | undefined) {
  if (employees == null || employees < 1) return null;
  return SIZE_BANDS.find((b) => employees >= b.from && (b.to === null || employees < b.to)) ?? null;
}

type Metric = (typeof BENCHMARK_METRICS)[number];
const ORDER = new Map(BENCHMARK_METRICS.map((m, i) => [m, i]));

/**
 * Peer benchmark of one account (docs/benchmarks.md): its figures against the other live accounts of its
 * group, in one statement over the owners' read models — account facts (health, active users, NPS) and
 * usage's module totals (each product module's events in 30 days; an account without counts 0).
 */
export function createBenchmarkService({ db, accounts, settings }: BenchmarkDeps) {
  return {
    async account(accountId: string, group: PeerGroup): Promise<Benchmark> {
      const account = await accounts.get(accountId); // 404 for an unknown or deleted account
      const band = sizeBand(account.employees);
      const industry = account.industry?.trim() || null;
      const groupValue = { industry, size: band?.key ?? null, tier: account.tier ?? null, all: null }[group];
      const base = { group, groupValue, minimumPeers: MIN_PEERS };
      if (group !== 'all' && groupValue === null) return { ...base, comparable: false, groupSize: 0, metrics: [] };

      const member: Record<PeerGroup, RawBuilder<unknown>> = {
        industry: sql`lower(trim(a.industry)) = lower(${industry})`,
        size: band
          ? sql`a.employees >= ${band.from} and (${band.to}::int is null or a.employees < ${band.to}::int)`
          : sql`false`,
        tier: sql`a.tier = ${account.tier}`,
        all: sql`true`,
      };
      const modules = await settings.get('product_modules');
      const keys = modules.map((m) => m.key);
      const result = await sql<{
        metric: Metric;
        module: string | null;
        value: number | null;
        peers: number;
        average: number | null;
        median: number | null;
        below: number;
        equal: number;
        group_size: number;
      }>`
        with peers as (select a.id from ${liveAccounts(db)} a where ${member[group]}),
        vals as (
          select p.id, x.metric, null::text as module, x.v
          from peers p join ${accountFactRows(db)} f on f.account_id = p.id
          cross join lateral (values ('health_score', f.health_score::float8), ('active_users_30d', f.active_users_30d::float8),
                                     ('latest_nps', f.latest_nps::float8)) x(metric, v)
          union all
          select p.id, 'module_events_30d', m.key, coalesce(t.events, 0)::float8
          from peers p cross join unnest(${keys}::text[]) m(key)
          left join ${moduleTotalRows(db)} t on t.account_id = p.id and t.module = m.key and t.days = 30),
        mine as (select metric, module, v from vals where id = ${accountId}::uuid)
        select v.metric, v.module, m.v as value,
               count(v.v) filter (where v.id <> ${accountId}::uuid)::int as peers,
               avg(v.v) filter (where v.id <> ${accountId}::uuid) as average,
               percentile_cont(0.5) within group (order by v.v) filter (where v.id <> ${accountId}::uuid) as median,
               count(*) filter (where v.id <> ${accountId}::uuid and v.v < m.v)::int as below,
               count(*) filter (where v.id <> ${accountId}::uuid and v.v = m.v)::int as equal,
               ((select count(*) from peers) - 1)::int as group_size
        from vals v left join mine m on m.metric = v.metric and m.module is not distinct from v.module
        group by v.metric, v.module, m.v`.execute(db);

      const names = new Map(modules.map((m) => [m.key, m.name]));
      const metrics = result.rows
        .map((r): BenchmarkMetric => {
          const shown = r.peers >= MIN_PEERS;
          return {
            metric: r.metric,
            module: r.module ? { key: r.module, name: names.get(r.module) ?? r.module } : null,
            value: r.value,
            peers: r.peers,
            average: shown ? r.average : null,
            median: shown ? r.median : null,
            percentile: shown && r.value !== null ? Math.round((100 * (r.below + r.equal / 2)) / r.peers) : null,
          };
        })
        .sort(
          (a, b) =>
            ORDER.get(a.metric)! - ORDER.get(b.metric)! ||
            keys.indexOf(a.module?.key ?? '') - keys.indexOf(b.module?.key ?? ''),
        );
      return { ...base, comparable: true, groupSize: result.rows[0]?.group_size ?? 0, metrics };
    },
  };
}
export type BenchmarkService = ReturnType<typeof createBenchmarkService>;
