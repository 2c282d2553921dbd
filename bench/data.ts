/**
 * The 100,000-account data set of the benchmarks on PostgreSQL (npm run bench:api, bench:lists): a fresh
 * database, migrated, filled set-based in SQL — 100k accounts owned by 50 CSMs, 3 contacts, 5 timeline
 * entries, a subscription and a renewal prediction each, ten primary-scorecard health snapshots each (the
 * last 8 days, 14 and 30 days back), 50k CTAs (about 16k active) and 4.2M daily usage roll-ups (8 events of
 * 4 modules, 70k accounts active every third day of the last 90) — then the account facts (and the modules'
 * 7/30/90-day usage totals) refreshed.
 * Users, scorecard and write key go through the services (hashing, audit). Returns the write key.
 */
import { performance } from 'node:perf_hooks';
import { type Kysely, sql } from 'kysely';
import { createClock } from '../src/clock.js';
import { connect } from '../src/db/connection.js';
import { migrate } from '../src/db/migrator.js';
import type { DB } from '../src/db/types.js';
import { cliActor } from '../src/modules/audit/actor.js';
import { DEFAULT_SCORECARDS } from '../src/modules/health/defaults.js';
import { createServices } from '../src/services.js';

export const CSMS = 50;
export const PASSWORD = 'Bench-load-password-2026';
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

export async function generateBenchData(options: {
  admin: Kysely<DB>;
  databaseUrl: string;
  quotedName: string;
  accounts: number;
  today: string;
}) {
  const { admin, databaseUrl, quotedName, today } = options;
  const ACCOUNTS = options.accounts;
  await sql.raw(`drop database if exists ${quotedName} with (force)`).execute(admin);
  await sql.raw(`create database ${quotedName}`).execute(admin);
  const database = await connect({ databaseUrl });
  await migrate(database);
  const db = database.db;
  const services = createServices({
    db,
    clock: createClock(),
    config: { TENURE_SESSION_DAYS: 30, TENURE_TIMEZONE: 'UTC' },
  });
  const started = performance.now();

  await services.users.create(cliActor, {
    email: 'manager@bench.local',
    name: 'Bench Manager',
    role: 'cs_manager',
    password: PASSWORD,
  });
  await services.users.create(cliActor, {
    email: 'csm1@bench.local',
    name: 'Bench CSM 1',
    role: 'csm',
    password: PASSWORD,
  });
  // The other CSMs share the first one's password hash (hashing 49 passwords measures nothing).
  await sql`
    insert into users (email, name, role, password_hash)
    select 'csm' || g || '@bench.local', 'Bench CSM ' || g, 'csm', (select password_hash from users where email = 'csm1@bench.local')
    from generate_series(2, ${CSMS}::int) g`.execute(db);
  const scorecard = await services.health.create(cliActor, DEFAULT_SCORECARDS[0]!);
  const { key } = await services.writeKeys.create(cliActor, { name: 'bench' });

  await sql`
    with csm as (select id, row_number() over (order by email) - 1 as n from users where role = 'csm')
    insert into accounts (external_id, name, domain, industry, employees, region, owner_id, tier, lifecycle_stage, first_paid_on, attributes, created_at)
    select 'bench-' || g, 'Bench account ' || g, 'bench' || g || '.example.com',
           (array['Retail','Finance','Manufacturing','Healthcare','Education','Logistics','Media','Software'])[1 + g % 8],
           10 + (g * 7919) % 5000,
           (array['East China','North China','South China','West China','Overseas'])[1 + (g / 8) % 5],
           csm.id,
           case when g % 10 = 0 then 'high_touch' when g % 10 < 4 then 'low_touch' else 'tech_touch' end,
           (array['onboarding','adoption','adoption','adoption','renewal','renewed','renewed','churned'])[1 + (g / 3) % 8],
           ${today}::date - (30 + g % 1000),
           jsonb_build_object('plan', (array['starter','growth','enterprise'])[1 + g % 3], 'segment', case g % 3 when 0 then 'smb' when 1 then 'mid_market' else 'enterprise' end),
           now() - make_interval(days => g % 1000)
    from generate_series(1, ${ACCOUNTS}::int) g join csm on csm.n = g % ${CSMS}::int`.execute(db);
  const g = sql`(substr(a.external_id, 7))::int`;
  await sql`
    insert into contacts (account_id, name, email, title, role, is_primary)
    select a.id, 'Contact ' || ${g} || '-' || k, 'c' || k || '@bench' || ${g} || '.example.com', 'Title ' || k,
           (array['decision_maker','champion','end_user'])[k], k = 1
    from accounts a cross join generate_series(1, 3) k`.execute(db);
  await sql`
    insert into activities (account_id, contact_id, type, subject, body, author_id, occurred_at, created_at)
    select a.id, null, (array['note','call','meeting','email','qbr'])[k], 'Bench ' || k, 'Talked about the roll-out and the next steps.', a.owner_id,
           now() - make_interval(days => (${g} * k) % 365, hours => k), now() - make_interval(days => (${g} * k) % 365, hours => k)
    from accounts a cross join generate_series(1, 5) k`.execute(db);
  await sql`
    with s as (insert into subscriptions (account_id) select id from accounts returning id, account_id)
    insert into subscription_versions (subscription_id, account_id, quantity, amount_minor, currency, interval, starts_on, status)
    select s.id, a.id, 5 + ${g} % 46, 10000 * (5 + ${g} % 46), 'CNY', case when ${g} % 4 = 0 then 'month' else 'year' end, a.first_paid_on,
           case when ${g} % 50 = 0 then 'past_due' else 'active' end
    from s join accounts a on a.id = s.account_id`.execute(db);
  // Health: the primary scorecard's snapshot of the last 8 days and of 14 and 30 days back, its measures' arrays filled.
  await sql`
    insert into health_snapshots (scorecard_id, account_id, day, score, color, measure_ids, measure_values, measure_scores, measure_weights)
    select ${scorecard.id}::uuid, a.id, ${today}::date - d, x.score, case when x.score < 40 then 'red' when x.score < 70 then 'yellow' else 'green' end,
           m.ids, m.vals, m.scores, m.weights
    from accounts a
    cross join unnest(array[0, 1, 2, 3, 4, 5, 6, 7, 14, 30]) d
    cross join lateral (select round(((${g} * 37 + d * 3) % 1000) / 10.0, 1) as score) x
    cross join (select array_agg(id order by position) as ids, array_agg(50.0::float8 order by position) as vals, array_agg(50::numeric order by position) as scores,
                       array_agg(weight::float8 order by position) as weights
                from health_measures where scorecard_id = ${scorecard.id}::uuid) m`.execute(db);
  await sql`
    with m as (insert into prediction_models (requested, features, n, positives, validation, auc, folds, calibration, model)
               values ('{}', '[]', 5000, 600, 'time', 0.8, '[]', '[]', '{}') returning id)
    insert into prediction_scores (account_id, model_id, renewal_probability, top_factors, computed_at)
    select a.id, m.id, ((${g} * 53) % 1000) / 1000.0,
           jsonb_build_array(jsonb_build_object('feature', 'health_score', 'level', null, 'label', 'Health score', 'contribution', -0.4, 'direction', 'down')), now()
    from accounts a cross join m`.execute(db);
  // CTAs: the accounts of every other block of 50 (so every CSM has some) have one; a third of those are active
  // (open, every fifth snoozed), the rest closed.
  const h = sql`(${g} / 50)`;
  await sql`
    insert into ctas (account_id, type, reason_key, title, priority, owner_id, due_on, status, snoozed_until, outcome, closed_at, flagged, opened_at, updated_at)
    select a.id, (array['risk','expansion','renewal','onboarding','advocacy'])[1 + ${g} % 5], 'ctas.reason.manual', 'Bench CTA ' || ${g},
           (array['low','medium','medium','high','urgent'])[1 + (${g} / 7) % 5], a.owner_id, ${today}::date + (${g} % 60) - 20,
           case when ${h} % 6 <> 0 then 'closed' when ${g} % 5 = 0 then 'snoozed' else 'open' end,
           case when ${h} % 6 = 0 and ${g} % 5 = 0 then ${today}::date + 7 end,
           case when ${h} % 6 <> 0 then 'success' end,
           case when ${h} % 6 <> 0 then now() - make_interval(days => ${g} % 200) end,
           ${g} % 97 = 0, now() - make_interval(days => 30 + ${g} % 200), now() - make_interval(days => ${g} % 30)
    from accounts a where ${h} % 2 = 0`.execute(db);
  // Product usage: 8 events in 4 modules; 70% of the accounts use the product on every third day of the last
  // 90, two events a day (which two turns with the account and the day): 4.2M daily roll-ups, what the lists'
  // module-usage filter reads (docs/lists.md).
  const events = [
    'report_viewed',
    'report_exported',
    'dashboard_viewed',
    'dashboard_shared',
    'alert_created',
    'alert_muted',
    'export_csv',
    'export_pdf',
  ];
  await sql`
    insert into event_catalogue (event, module)
    select e, (array['reports', 'dashboards', 'alerts', 'exports'])[(i + 1) / 2] from unnest(${events}::text[]) with ordinality t(e, i)`.execute(
    db,
  );
  await sql`
    insert into usage_daily (account_id, day, event, count, users)
    select a.id, ${today}::date - d, (${events}::text[])[1 + (${g} + d + k) % 8], 1 + (${g} * 7 + d) % 20, 1 + ${g} % 5
    from accounts a cross join generate_series(0, 89) d cross join generate_series(0, 1) k
    where ${g} % 10 < 7 and (${g} + d) % 3 = 0`.execute(db);
  // As autovacuum would after such inserts: the visibility map lets the window be read from the index alone.
  await sql`vacuum (analyze) usage_daily`.execute(db);
  await sql`analyze`.execute(db);
  // The hot figures lists sort and filter on (account_facts, docs/lists.md), as the hourly refresh writes them.
  const factsStarted = performance.now();
  await services.facts.refresh();
  await sql`analyze account_facts`.execute(db);
  // Every table was just written in bulk: vacuumed as a server's autovacuum would soon after (this machine's
  // PostgreSQL runs without it), so the visibility map lets the lists read their partial indexes alone
  // (the CTAs', the module totals') and the facts refresh's dead rows are reclaimed.
  await sql`vacuum (analyze)`.execute(db);
  // The bulk writes' dirty pages written out now, not by the checkpointer while the first scenarios run.
  await sql`checkpoint`.execute(db);
  console.log(`Account facts: full refresh of ${ACCOUNTS} accounts in ${seconds(factsStarted)} s`);
  const counts = (
    await sql<Record<string, number>>`
      select (select count(*) from accounts)::int as accounts, (select count(*) from contacts)::int as contacts, (select count(*) from activities)::int as activities,
             (select count(*) from health_snapshots)::int as snapshots, (select count(*) from ctas)::int as ctas,
             (select count(*) from ctas where status <> 'closed')::int as active_ctas, pg_database_size(current_database())::bigint as bytes`.execute(
      db,
    )
  ).rows[0]!;
  console.log(
    `Data: ${counts.accounts} accounts, ${counts.contacts} contacts, ${counts.activities} timeline entries, ${counts.snapshots} health snapshots, ` +
      `${counts.ctas} CTAs (${counts.active_ctas} active); ${(Number(counts.bytes) / 1e9).toFixed(2)} GB; built in ${seconds(started)} s`,
  );
  await database.close();
  return key;
}
