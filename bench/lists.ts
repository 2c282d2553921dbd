/**
 * npm run bench:lists — filtered, sorted pages of the accounts list on PostgreSQL with 100,000 accounts.
 *
 * Builds the benchmarks' data set (bench/data.ts: a fresh tenure_bench_lists database, 100k accounts
 * with subscriptions, health, predictions and CTAs, account facts refreshed), then asks the accounts
 * service — what GET /api/accounts runs, validation included — for a set of realistic pages, each
 * BENCH_RUNS (40) times after two warm-up runs, one at a time, and prints p50/p95 per query and the
 * exact total it counted. Target: ≤ 300 ms per page (issue 13). BENCH_DATABASE_URL overrides the database
 * (its name must contain "bench": it is dropped and created); BENCH_KEEP=1 keeps it, BENCH_REUSE=1
 * benches a kept one as it is. Prints figures; asserts nothing.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { createClock } from '../src/clock.js';
import { connect } from '../src/db/connection.js';
import { createServices } from '../src/services.js';
import { accountListQuerySchema } from '../src/shared/accounts.js';
import { generateBenchData } from './data.js';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tenure_bench_lists';
const databaseName = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
if (!databaseName.includes('bench'))
  throw new Error(`BENCH_DATABASE_URL must name a database of its own with "bench" in its name: got ${databaseName}`);
const maintenanceUrl = new URL(databaseUrl);
maintenanceUrl.pathname = '/postgres';
const admin = await connect({ databaseUrl: maintenanceUrl.toString(), poolSize: 1 });
const quotedName = `"${databaseName.replaceAll('"', '""')}"`;
const today = new Date().toISOString().slice(0, 10);

const filters = (conditions: unknown[]) => JSON.stringify(conditions);
/** What people ask the list for: the brief's saved view first, then the usual sorts of a CS team's day. */
function queries(ownerId: string): { name: string; query: Record<string, unknown> }[] {
  return [
    {
      // The bench's contracts are small (¥500–¥60,000 a year): ¥3,000 splits the annual ones in half.
      name: 'red, ARR > ¥3k, renewing within 90 days; by ARR',
      query: {
        filters: filters([
          { field: 'health_color', op: 'in', value: ['red'] },
          { field: 'arr', op: 'gt', value: 3_000_00 },
          { field: 'renewal_on', op: 'within_days', value: 90 },
        ]),
        sort: 'arr',
        order: 'desc',
      },
    },
    { name: 'all accounts by health (worst first)', query: { sort: 'health', order: 'asc' } },
    { name: 'all accounts by health, page 10', query: { sort: 'health', order: 'asc', page: 10 } },
    { name: 'one CSM’s book by health', query: { ownerId, sort: 'health', order: 'asc' } },
    {
      name: 'red or yellow, by renewal date',
      query: { filters: filters([{ field: 'health_color', op: 'in', value: ['red', 'yellow'] }]), sort: 'renewal_on' },
    },
    {
      name: 'renewal probability < 0.3, health falling; by probability',
      query: {
        filters: filters([
          { field: 'renewal_probability', op: 'lt', value: 0.3 },
          { field: 'health_trend', op: 'lt', value: 0 },
        ]),
        sort: 'renewal_probability',
      },
    },
    {
      name: 'renewing in ≤ 60 days with open CTAs; by open CTAs',
      query: {
        filters: filters([
          { field: 'days_to_renewal', op: 'lte', value: 60 },
          { field: 'open_ctas', op: 'gte', value: 1 },
        ]),
        sort: 'open_ctas',
        order: 'desc',
      },
    },
    {
      name: 'industry Retail, adoption stage; by ARR',
      query: {
        filters: filters([
          { field: 'industry', op: 'eq', value: 'Retail' },
          { field: 'lifecycle_stage', op: 'in', value: ['adoption'] },
        ]),
        sort: 'arr',
        order: 'desc',
      },
    },
    { name: 'search "account 12" by name', query: { q: 'account 12', sort: 'name' } },
    {
      name: 'Reports events in the last 30 days ≥ 50; by ARR',
      query: { filters: filters([{ field: 'usage.reports.30', op: 'gte', value: 50 }]), sort: 'arr', order: 'desc' },
    },
    {
      name: 'red, no Reports events in the last 30 days; by ARR',
      query: {
        filters: filters([
          { field: 'health_color', op: 'in', value: ['red'] },
          { field: 'usage.reports.30', op: 'eq', value: 0 },
        ]),
        sort: 'arr',
        order: 'desc',
      },
    },
    {
      name: 'the red-ARR-renewal view, Reports ≥ 5 in 30 days; by ARR',
      query: {
        filters: filters([
          { field: 'health_color', op: 'in', value: ['red'] },
          { field: 'arr', op: 'gt', value: 3_000_00 },
          { field: 'renewal_on', op: 'within_days', value: 90 },
          { field: 'usage.reports.30', op: 'gte', value: 5 },
        ]),
        sort: 'arr',
        order: 'desc',
      },
    },
  ];
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

try {
  if (process.env.BENCH_REUSE !== '1') {
    await generateBenchData({ admin: admin.db, databaseUrl, quotedName, accounts: ACCOUNTS, today });
  }
  const database = await connect({ databaseUrl });
  const services = createServices({
    db: database.db,
    clock: createClock(),
    config: { TENURE_SESSION_DAYS: 30, TENURE_TIMEZONE: 'UTC' },
  });
  const owner = await sql<{ id: string }>`select id from users where email = 'csm1@bench.local'`.execute(database.db);
  console.log(
    `Load average (1/5/15 min): ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} on ${os.cpus().length} CPUs; ${RUNS} runs per query, one at a time`,
  );
  const rows: string[][] = [];
  for (const { name, query } of queries(owner.rows[0]!.id)) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < RUNS + 2; i++) {
      const started = performance.now();
      const page = await services.accounts.list(accountListQuerySchema.parse({ pageSize: 25, ...query }));
      if (i >= 2) times.push(performance.now() - started);
      total = page.total;
    }
    times.sort((a, b) => a - b);
    rows.push([name, String(total), percentile(times, 0.5).toFixed(1), percentile(times, 0.95).toFixed(1)]);
  }
  const header = ['query (25 a page)', 'total', 'p50 ms', 'p95 ms'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (c: string[]) =>
    `| ${c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join(' | ')} |`;
  console.log([line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
  console.log(
    `Load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}`,
  );
  await database.close();
} finally {
  if (process.env.BENCH_KEEP !== '1' && process.env.BENCH_REUSE !== '1')
    await sql.raw(`drop database if exists ${quotedName} with (force)`).execute(admin.db);
  await admin.close();
}
