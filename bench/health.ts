/**
 * npm run bench:health — the full health recompute (every account, every active scorecard, one
 * day) on PostgreSQL at 10,000, 50,000 and 100,000 accounts, each with 90 days of daily usage
 * roll-ups (usage_active_daily and two events in usage_daily), a subscription, some tickets and
 * NPS answers. The data is generated set-based in SQL and grows between the measurements
 * (10k → 50k → 100k), so each figure is a full recompute of a database of that size: the first
 * recompute of today (the accounts of the previous step were scored today already), a rerun (the
 * hourly case: nothing changed), and a day not scored before (every snapshot a new row).
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_health) must be a database
 * of its own, created on first use: its public schema is dropped and rebuilt. BENCH_SIZES=10000,50000,100000 changes the
 * steps. Prints figures; asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { createClock } from '../src/clock.js';
import { connect } from '../src/db/connection.js';
import { migrate } from '../src/db/migrator.js';
import { cliActor } from '../src/modules/audit/actor.js';
import { DEFAULT_SCORECARDS } from '../src/modules/health/defaults.js';
import { createServices } from '../src/services.js';

const URL_ = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/bench_health';
const SIZES = (process.env.BENCH_SIZES ?? '10000,50000,100000').split(',').map(Number);
const TODAY = '2026-06-30';
const DAYS = 90;
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2);

/** Creates the bench database when the server has none of that name yet (a fresh machine). */
async function ensureDatabase(url: string) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const admin = await connect({ databaseUrl: maintenance.toString(), poolSize: 1 });
  const found = await sql`select 1 from pg_database where datname = ${name}`.execute(admin.db);
  if (!found.rows.length) await sql.raw(`create database "${name.replaceAll('"', '""')}"`).execute(admin.db);
  await admin.close();
}

await ensureDatabase(URL_);
const database = await connect({ databaseUrl: URL_ });
await sql.raw('drop schema if exists public cascade; create schema public').execute(database.db);
await migrate(database);
const db = database.db;
const services = createServices({
  db,
  clock: createClock(`${TODAY}T06:00:00Z`),
  config: { TENURE_SESSION_DAYS: 30, TENURE_TIMEZONE: 'UTC' },
});

await services.settings.set(cliActor, 'product_modules', [
  { key: 'reporting', name: 'Reporting', core: true },
  { key: 'automation', name: 'Automation', core: true },
]);
await services.settings.set(cliActor, 'key_behaviour', { event: 'report_viewed', perWeek: 3 });
await sql`insert into event_catalogue (event, module) values ('report_viewed', 'reporting'), ('workflow_run', 'automation')`.execute(
  db,
);
await services.health.create(cliActor, DEFAULT_SCORECARDS[0]!);

/** Accounts n0+1 … n1 with their history, one set-based statement per table. */
async function grow(n0: number, n1: number) {
  const started = performance.now();
  await sql`
    insert into accounts (external_id, name, first_paid_on, attributes)
    select 'bench-' || g, 'Bench account ' || g, ${TODAY}::date - (120 + g % 900), jsonb_build_object('segment', case g % 3 when 0 then 'smb' when 1 then 'mid_market' else 'enterprise' end)
    from generate_series(${n0 + 1}::int, ${n1}::int) g`.execute(db);
  await sql`
    with a as (select id, first_paid_on, (substr(external_id, 7))::int as g from accounts where external_id like 'bench-%' and (substr(external_id, 7))::int > ${n0}::int),
    s as (insert into subscriptions (account_id) select id from a returning id, account_id)
    insert into subscription_versions (subscription_id, account_id, quantity, amount_minor, currency, interval, starts_on, status)
    select s.id, a.id, 5 + a.g % 46, 10000 * (5 + a.g % 46), 'CNY', case when a.g % 4 = 0 then 'month' else 'year' end, a.first_paid_on,
           case when a.g % 50 = 0 then 'past_due' else 'active' end
    from s join a on a.id = s.account_id`.execute(db);
  // Daily actives: a per-account level (health) times a weekday rhythm, falling for one account in ten.
  await sql`
    insert into usage_active_daily (account_id, day, users)
    select a.id, d::date, greatest(0, round((5 + x.g % 46) * (0.2 + 0.6 * ((x.g * 7919) % 100) / 100.0) * case when extract(isodow from d) > 5 then 0.1 else 1 end
                                             * case when x.g % 10 = 0 then 0.3 + 0.7 * (${TODAY}::date - d::date) / 90.0 else 1 end))::int
    from accounts a cross join lateral (select (substr(a.external_id, 7))::int as g) x(g)
    cross join generate_series(${TODAY}::date - ${DAYS - 1}::int, ${TODAY}::date, interval '1 day') d
    where a.external_id like 'bench-%' and x.g > ${n0}::int`.execute(db);
  await sql`
    insert into usage_daily (account_id, day, event, count, users)
    select u.account_id, u.day, e.event, u.users * e.per_user, u.users
    from usage_active_daily u join accounts a on a.id = u.account_id and (substr(a.external_id, 7))::int > ${n0}::int
    cross join (values ('report_viewed', 3), ('workflow_run', 2)) e(event, per_user)
    where u.users > 0 and (e.event = 'report_viewed' or extract(dow from u.day) in (2, 4))`.execute(db);
  await sql`
    insert into tickets (account_id, subject, priority, status, opened_at, closed_at)
    select a.id, 'Bench ticket', (array['low','normal','normal','high','urgent'])[1 + (x.g + k) % 5], case when k = 1 then 'open' else 'closed' end,
           ${TODAY}::date - ((x.g * k) % 80) + interval '10 hours', case when k = 1 then null else ${TODAY}::date - ((x.g * k) % 80) + interval '30 hours' end
    from accounts a cross join lateral (select (substr(a.external_id, 7))::int) x(g) cross join generate_series(1, 1 + (x.g % 3)) k
    where a.external_id like 'bench-%' and x.g > ${n0}::int`.execute(db);
  await sql`
    insert into nps_responses (account_id, score, responded_at)
    select a.id, (x.g * 31 + k) % 11, ${TODAY}::date - ((x.g + 40 * k) % 300) + interval '12 hours'
    from accounts a cross join lateral (select (substr(a.external_id, 7))::int) x(g) cross join generate_series(1, 1 + (x.g % 2)) k
    where a.external_id like 'bench-%' and x.g > ${n0}::int`.execute(db);
  await sql`analyze`.execute(db);
  return seconds(started);
}

let have = 0;
for (const [step, size] of SIZES.entries()) {
  const built = await grow(have, size);
  have = size;
  const t1 = performance.now();
  const first = await services.health.recompute();
  const firstSeconds = seconds(t1);
  const t2 = performance.now();
  await services.health.recompute();
  const again = seconds(t2);
  // A day nobody scored yet (each step its own): every snapshot is a new row.
  const fresh = new Date(Date.parse(`${TODAY}T00:00:00Z`) - (step + 1) * 86_400_000).toISOString().slice(0, 10);
  const t3 = performance.now();
  await services.health.recompute({ asOfDay: fresh });
  const newDay = seconds(t3);
  const snapshots = await sql<{
    n: number;
  }>`select count(*)::int as n from health_snapshots where day = ${TODAY}::date`.execute(db);
  console.log(
    `${String(size).padStart(7)} accounts (data built in ${built} s): recompute ${firstSeconds} s, rerun ${again} s, a day not scored before ${newDay} s — ${first.accounts} accounts scored, ${snapshots.rows[0]?.n} snapshots`,
  );
}
await database.close();
