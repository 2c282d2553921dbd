/**
 * npm run bench:ingest — Tenure's tracking API on PGlite and on PostgreSQL (TEST_DATABASE_URL, or
 * the local default): a separate process sends 200,000 events (plus one group call per user) in
 * Segment batches over HTTP. For each backend it prints events/s, p50/p99 batch latency, the
 * seconds from the last acknowledgement until the roll-ups were current, and — on the same
 * database, with the same rows — the rate of a plain multi-row INSERT of those rows into a table
 * like the events table (same columns and indexes), and the ratio of the two rates.
 * Prints figures; asserts nothing. The last line is the PostgreSQL summary.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { connect, type Database } from '../src/db/connection.js';
import { migrate } from '../src/db/migrator.js';
import { cliActor } from '../src/modules/audit/actor.js';
import type { SenderJob, SenderReport } from './ingest-sender.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const ACCOUNTS = 500;
const USERS_PER_ACCOUNT = 10;
const PLAIN_ROWS_PER_INSERT = 500;
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const here = path.dirname(fileURLToPath(import.meta.url));

interface Outcome {
  backend: string;
  eventsPerSecond: number;
  p50: number;
  p99: number;
  rollupSeconds: number;
  rawRowsPerSecond: number;
  ratio: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

function runSender(job: SenderJob): Promise<SenderReport> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(here, 'ingest-sender.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    child.once('message', (message: { report?: SenderReport; error?: string }) =>
      message.report ? resolve(message.report) : reject(new Error(message.error)),
    );
    child.once('exit', (code) => code !== 0 && reject(new Error(`sender exited with ${code}`)));
    child.send(job);
  });
}

/**
 * The same rows as the ingest stored, written again with nothing but multi-row INSERT statements
 * into a table like the events table (same columns, same indexes), on one connection. Two ways —
 * bound parameters and literal values — and the faster one counts, so the baseline is not a straw man.
 */
async function plainInsertRate(database: Database): Promise<{ rows: number; perSecond: number; method: string }> {
  const db = database.db;
  const rows = await sql<Record<string, unknown>>`
    select message_id, write_key_id, type, event, user_id, anonymous_id, group_id, account_id, timestamp, day,
           original_timestamp, sent_at, received_at, properties::text as properties, context::text as context
    from usage_events order by received_at, message_id`.execute(db);
  const columns = Object.keys(rows.rows[0]!);
  const literal = (v: unknown) =>
    v === null ? 'null' : v instanceof Date ? `'${v.toISOString()}'` : `'${String(v).replace(/'/g, "''")}'`;
  const methods: Record<string, (chunk: Record<string, unknown>[]) => Promise<unknown>> = {
    'bound parameters': (chunk) =>
      db
        .insertInto('bench_plain_events' as 'usage_events')
        .values(chunk as never)
        .execute(),
    'literal values': (chunk) =>
      sql
        .raw(
          `insert into bench_plain_events (${columns.join(', ')}) values ${chunk.map((r) => `(${columns.map((c) => literal(r[c])).join(', ')})`).join(', ')}`,
        )
        .execute(db),
  };
  let best = { rows: rows.rows.length, perSecond: 0, method: '' };
  for (const [method, insert] of Object.entries(methods)) {
    await sql`create table bench_plain_events (like usage_events including all)`.execute(db);
    await sql`checkpoint`.execute(db);
    const started = performance.now();
    for (let i = 0; i < rows.rows.length; i += PLAIN_ROWS_PER_INSERT)
      await insert(rows.rows.slice(i, i + PLAIN_ROWS_PER_INSERT));
    const perSecond = rows.rows.length / ((performance.now() - started) / 1000);
    await sql`drop table bench_plain_events`.execute(db);
    if (perSecond > best.perSecond) best = { rows: rows.rows.length, perSecond, method };
  }
  return best;
}

async function benchBackend(backend: 'pglite' | 'postgres'): Promise<Outcome> {
  let databaseUrl: string | undefined;
  let dataDir: string | undefined;
  let cleanup = async () => {};
  if (backend === 'postgres') {
    const name = `tenure_bench_ingest_${process.pid}`;
    const admin = await connect({ databaseUrl: serverUrl, poolSize: 1 });
    await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
    await sql.raw(`create database ${name}`).execute(admin.db);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    cleanup = async () => {
      await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
      await admin.close();
    };
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-bench-ingest-'));
    cleanup = async () => fs.rmSync(dataDir!, { recursive: true, force: true });
  }

  const config = loadConfig({
    LOG_LEVEL: 'silent',
    TENURE_DEMO: '0',
    PORT: '0',
    HOST: '127.0.0.1',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { TENURE_DATA_DIR: dataDir }),
  });
  const database = await connect({
    databaseUrl: config.DATABASE_URL,
    dataDir: databaseUrl ? undefined : config.TENURE_DATA_DIR,
  });
  await migrate(database);
  const { app, services } = await buildApp({ config, database, serveWeb: false });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const { key } = await services.writeKeys.create(cliActor, { name: 'bench' });
  // Each measured phase starts from a fresh checkpoint, so neither pays for the other's writes.
  await sql`checkpoint`.execute(database.db);

  const report = await runSender({
    url,
    writeKey: key,
    runId: `bench-${backend}`,
    accounts: ACCOUNTS,
    usersPerAccount: USERS_PER_ACCOUNT,
    events: EVENTS,
    batchSize: BATCH,
    concurrency: CONCURRENCY,
    until: new Date().toISOString(),
  });
  // Roll-ups are current when nothing waits in the queue and they count every stored usage event.
  const counts = async () =>
    (
      await sql<{ stored: number; counted: number }>`
      select (select count(*) from usage_events where event is not null)::int as stored,
             (select coalesce(sum(count), 0) from usage_daily)::int as counted`.execute(database.db)
    ).rows[0]!;
  for (;;) {
    if ((await services.usage.pendingRollUps()) === 0) {
      const now = await counts();
      if (now.stored === now.counted) break;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const rollupSeconds = Math.max(0, (Date.now() - report.lastAckAt) / 1000);
  await app.close();

  const check = { rows: [await counts()] };
  const plain = await plainInsertRate(database);
  await database.close();
  await cleanup();

  const latencies = [...report.latenciesMs].sort((a, b) => a - b);
  const outcome: Outcome = {
    backend,
    eventsPerSecond: report.messages / report.seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rollupSeconds,
    rawRowsPerSecond: plain.perSecond,
    ratio: report.messages / report.seconds / plain.perSecond,
  };
  const { stored, counted } = check.rows[0]!;
  console.log(
    `${backend}: ${report.messages.toLocaleString('en')} messages (${EVENTS.toLocaleString('en')} events + ${(ACCOUNTS * USERS_PER_ACCOUNT).toLocaleString('en')} group calls) ` +
      `in ${report.batches} batches of ${BATCH}, ${CONCURRENCY} in flight: ${report.seconds.toFixed(2)} s, ${Math.round(outcome.eventsPerSecond).toLocaleString('en')} events/s; ` +
      `batch latency p50 ${outcome.p50.toFixed(0)} ms, p99 ${outcome.p99.toFixed(0)} ms; roll-ups current ${rollupSeconds.toFixed(2)} s after the last acknowledgement ` +
      `(${counted.toLocaleString('en')} counted of ${stored.toLocaleString('en')} stored usage events); ` +
      `plain multi-row INSERT (${plain.method}, ${PLAIN_ROWS_PER_INSERT} rows a statement) of the same ${plain.rows.toLocaleString('en')} rows: ${Math.round(plain.perSecond).toLocaleString('en')} rows/s; ratio ${outcome.ratio.toFixed(2)}`,
  );
  return outcome;
}

const outcomes: Outcome[] = [];
for (const backend of (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[])
  outcomes.push(await benchBackend(backend));
for (const o of outcomes) {
  console.log(
    `ingest ${o.backend}: ${Math.round(o.eventsPerSecond)} events/s, raw ${Math.round(o.rawRowsPerSecond)} rows/s, ratio ${o.ratio.toFixed(2)}`,
  );
}
