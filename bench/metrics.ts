/**
 * npm run bench:metrics — 100,000 customers with 36 months of subscription history on PostgreSQL
 * (TEST_DATABASE_URL, or the local default), then the seconds for the full 36-month MRR report
 * and for one month's summary. Prints figures; asserts nothing.
 */
import { sql } from 'kysely';
import { createClock } from '../src/clock.js';
import { connect } from '../src/db/connection.js';
import { migrate } from '../src/db/migrator.js';
import { createServices } from '../src/services.js';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = 'tenure_bench_metrics';

const admin = await connect({ databaseUrl: serverUrl, poolSize: 1 });
await sql.raw(`drop database if exists ${dbName} with (force)`).execute(admin.db);
await sql.raw(`create database ${dbName}`).execute(admin.db);
const url = new URL(serverUrl);
url.pathname = `/${dbName}`;
const database = await connect({ databaseUrl: url.toString() });
await migrate(database);

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2);
let t = performance.now();
// Deterministic history, generated set-based: a first version, a change of terms (up or down),
// then 30 % churn, 5 % come back two months later, the rest continue open-ended.
await sql`select setseed(0.42)`.execute(database.db);
await sql`insert into accounts (external_id, name) select 'bench-' || g, 'Bench customer ' || g from generate_series(1, ${CUSTOMERS}) g`.execute(
  database.db,
);
await sql`insert into subscriptions (account_id, external_id) select id, external_id from accounts`.execute(
  database.db,
);
await sql`
  with base as (
    select s.id as sid, s.account_id,
      (date '2023-01-01' + floor(random() * 1000)::int) as start,
      (5000 + floor(random() * 200000))::bigint as amount,
      (array['month', 'month', 'month', 'month', 'quarter', 'year'])[1 + floor(random() * 6)::int] as term,
      30 + floor(random() * 300)::int as d1, 30 + floor(random() * 300)::int as d2,
      random() as fate, 0.5 + random() as change
    from subscriptions s
  ), versions as (
    select sid, account_id, amount, term, start as starts_on, start + d1 as ends_on, 'active' as status from base
    union all
    select sid, account_id, round(amount * change)::bigint, term, start + d1, start + d1 + d2, 'active' from base
    union all
    select sid, account_id, round(amount * change * 1.1)::bigint, term,
      start + d1 + d2 + case when fate < 0.05 then 60 else 0 end, null, 'active'
    from base where fate < 0.05 or fate >= 0.30
  )
  insert into subscription_versions (subscription_id, account_id, plan, quantity, amount_minor, currency, interval, starts_on, ends_on, status)
  select sid, account_id, 'Growth', 1, amount, 'CNY', term, starts_on, ends_on, status from versions`.execute(
  database.db,
);
await sql`analyze`.execute(database.db);
const versions = Number(
  (await sql<{ n: number }>`select count(*) as n from subscription_versions`.execute(database.db)).rows[0].n,
);
console.log(
  `generated ${CUSTOMERS.toLocaleString('en')} customers, ${versions.toLocaleString('en')} subscription versions in ${seconds(t)} s`,
);

const services = createServices({
  db: database.db,
  clock: createClock('2025-12-31T00:00:00Z'),
  config: { TENURE_SESSION_DAYS: 14, TENURE_CURRENCY: 'CNY' },
});
const runs = 3;
for (let i = 0; i < runs; i += 1) {
  t = performance.now();
  const report = await services.metrics.mrr('2023-01', '2025-12');
  const full = seconds(t);
  t = performance.now();
  const summary = await services.metrics.summary('2025-06');
  console.log(
    `run ${i + 1}: full 36-month report ${full} s (${report.months.length} months, ending MRR ${report.months.at(-1)!.endingMrr}); ` +
      `one month's summary ${seconds(t)} s (NRR ${summary.nrr?.toFixed(4)}, logo churn ${summary.logoChurnRate?.toFixed(4)})`,
  );
}
await database.close();
await sql.raw(`drop database if exists ${dbName} with (force)`).execute(admin.db);
await admin.close();
