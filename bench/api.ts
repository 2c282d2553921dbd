/**
 * npm run bench:api — the HTTP API under load on PostgreSQL with 100,000 accounts.
 *
 * Builds a fresh database (tenure_bench_api on the local server, dropped at the end), migrates it and
 * generates the data set-based in SQL: 100k accounts owned by 50 CSMs, 3 contacts, 5 timeline
 * entries, a subscription and a renewal prediction each, ten primary-scorecard health snapshots each
 * (the last 8 days, 14 and 30 days back), and 50k CTAs (about 16k active). Then it starts Tenure as a
 * separate process (`tenure start`: the compiled dist/cli.js when built, else src/cli.ts through
 * tsx) and drives it from this process. A separate process because a load generator in the server's
 * own event loop would put its work into the measured latencies, and it is how Tenure is deployed.
 *
 * Scenarios (each with a short warm-up first), at a steady BENCH_RATE (500) requests/s for BENCH_SECONDS (12) s
 * (bench/paced-load.ts: requests spread evenly, each latency counted from when the request was due):
 *   - accounts list: GET /api/accounts sorted by health (worst first), one of four filters, pages 1–10
 *   - account 360: the six reads the account page makes on opening, for a random account each time
 *   - home: a CSM's landing page, Home (/): /api/auth/me, /api/home/csm (their book, renewals, CTAs due,
 *     onboarding at risk, changes since yesterday) and the bell's unread count, as one of ten signed-in CSMs
 *   - CTA list (CSM): a CSM's own active CTAs, /api/ctas?scope=mine (the /ctas page)
 *   - CTA list: a manager's /api/ctas?scope=all (active), one of four filters
 *   - tracking batch: POST /v1/batch (10 messages: 1 group + 9 track) with a write key
 * then each read scenario again with autocannon, without a rate limit, on BENCH_MAX_CONNECTIONS (4) connections.
 * Each row also shows the CPU the server process and its PostgreSQL backends spent per request
 * (from /proc; "of which Node" is the server process's part), and the request rate that CPU cost allows
 * on this many idle CPUs: on a machine shared with other work, latencies measure the queue for the CPUs
 * as much as Tenure.
 *
 * The read cache (src/http/read-cache.ts) is on, as in production: the scenarios repeat a bounded set of
 * addresses (40 account lists, 20 CTA lists, 10 Homes; account 360 over all 100,000 accounts), so the
 * "read cache hits" column says how many answers it served. `TENURE_READ_CACHE=0 npm run bench:api`
 * measures every read from the database instead (what a miss costs).
 *
 * The server runs with TENURE_API_RATE_LIMIT=0 (the per-user limit of 600/min would refuse the
 * load) and TENURE_WORKER=off (no scheduled job such as the nightly health recompute lands in the
 * middle of a measurement; the usage processor still runs in the server). BENCH_DATABASE_URL
 * overrides the database (its name must contain "bench": it is dropped and created); BENCH_KEEP=1
 * keeps it afterwards and BENCH_REUSE=1 benches a kept one as it is (no regeneration; the server's start
 * applies new migrations). BENCH_ONLY=home,cta runs only the scenarios whose name contains one of these.
 * Prints figures; asserts nothing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createClock } from '../src/clock.js';
import { connect } from '../src/db/connection.js';
import { cliActor } from '../src/modules/audit/actor.js';
import { createServices } from '../src/services.js';
import { generateBenchData, PASSWORD } from './data.js';
import { type PacedRequest, pacedLoad } from './paced-load.js';

interface Histogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
  total: number;
}
interface Result {
  requests: Histogram;
  latency: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
interface Request extends RawRequest {
  setupRequest?: (request: RawRequest, context: Record<string, unknown>) => RawRequest;
}
interface Options {
  url: string;
  connections?: number;
  duration?: number;
  requests?: Request[];
}
// autocannon ships no type declarations: the few fields used here, typed by hand.
const autocannon = createRequire(import.meta.url)('autocannon') as (options: Options) => Promise<Result>;

const here = path.dirname(fileURLToPath(import.meta.url));
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const MAX_CONNECTIONS = Number(process.env.BENCH_MAX_CONNECTIONS ?? 4);
const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS ?? 8);
const SIGNED_IN_CSMS = 10;
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tenure_bench_api';
const databaseName = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
const keep = process.env.BENCH_KEEP === '1';
const reuse = process.env.BENCH_REUSE === '1';
/** BENCH_ONLY=home,cta: only the scenarios whose name contains one of these (case-insensitive). */
const only = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((s) => s.trim().toLowerCase())
  .filter(Boolean);
const today = new Date().toISOString().slice(0, 10);
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

if (!databaseName.includes('bench'))
  throw new Error(
    `BENCH_DATABASE_URL must name a database of its own with "bench" in its name (it is dropped): got ${databaseName}`,
  );
const maintenanceUrl = new URL(databaseUrl);
maintenanceUrl.pathname = '/postgres';
const admin = await connect({ databaseUrl: maintenanceUrl.toString(), poolSize: 1 });
const quotedName = `"${databaseName.replaceAll('"', '""')}"`;

/** The data set (bench/data.ts), shared with bench:lists. */
function generate() {
  return generateBenchData({ admin: admin.db, databaseUrl, quotedName, accounts: ACCOUNTS, today });
}

async function existingKey(): Promise<string> {
  // A reused database has the key's hash only: make a new key through the service.
  const database = await connect({ databaseUrl });
  const services = createServices({
    db: database.db,
    clock: createClock(),
    config: { TENURE_SESSION_DAYS: 30, TENURE_TIMEZONE: 'UTC' },
  });
  const { key } = await services.writeKeys.create(cliActor, { name: 'bench reuse' });
  await database.close();
  return key;
}

/**
 * The last run's ingest left dead rows behind (the roll-up queue is emptied every round): vacuumed as autovacuum
 * would have between two runs, which this machine's PostgreSQL runs without.
 */
async function vacuumLastRun() {
  const database = await connect({ databaseUrl, poolSize: 1 });
  await sql`vacuum (analyze)`.execute(database.db);
  await database.close();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The compiled server (dist/cli.js, what `npm start` runs) when it is built, else the source through
 * tsx (`npm run dev`); BENCH_SERVER=source forces the latter.
 */
const compiled = path.join(here, '..', 'dist', 'cli.js');
const serverCommand =
  process.env.BENCH_SERVER !== 'source' && fs.existsSync(compiled)
    ? { label: 'dist/cli.js (compiled)', args: ['--enable-source-maps', compiled] }
    : { label: 'src/cli.ts through tsx', args: ['--import', 'tsx', path.join(here, '..', 'src', 'cli.ts')] };

/** `tenure start` against the bench database, as its own process; resolves with its URL once it listens. */
async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...serverCommand.args, 'start'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      TENURE_DEMO: '0',
      TENURE_TIMEZONE: 'UTC',
      TENURE_WORKER: 'off',
      TENURE_API_RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /Tenure is running at (\S+)/.exec(out);
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code} before listening:\n${out}`)));
  });
  return { child, url };
}

async function signIn(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in as ${email}: ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
const query = (params: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();

interface Scenario {
  name: string;
  read: boolean;
  /** One visit's requests, in order (the account page's six reads of one account; Home's three of one CSM). */
  visit: () => PacedRequest[];
  note: string;
}

function scenarios(accountIds: string[], cookies: { manager: string; csms: string[] }, writeKey: string): Scenario[] {
  const filters = [
    [{ field: 'tier', op: 'eq', value: 'high_touch' }],
    [{ field: 'industry', op: 'in', value: ['Retail', 'Finance'] }],
    [
      { field: 'region', op: 'eq', value: 'East China' },
      { field: 'employees', op: 'gte', value: 1000 },
    ],
    [{ field: 'lifecycle_stage', op: 'eq', value: 'renewal' }],
  ];
  const manager = { cookie: cookies.manager };
  const get = (path: string, headers: Record<string, string>): PacedRequest => ({ method: 'GET', path, headers });
  let sent = 0;
  const auth = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
  const context = { library: { name: 'analytics-node', version: '2.1.0' } };
  return [
    {
      name: 'accounts list',
      read: true,
      note: 'GET /api/accounts?sort=health&order=asc&pageSize=25&filters=… (4 filters, pages 1–10)',
      visit: () => [
        get(
          `/api/accounts?${query({ sort: 'health', order: 'asc', pageSize: 25, page: 1 + Math.floor(Math.random() * 10), filters: JSON.stringify(pick(filters)) })}`,
          manager,
        ),
      ],
    },
    {
      name: 'account 360',
      read: true,
      note: 'account, contacts, subscriptions, timeline page 1, lifecycle, prediction of a random account',
      visit: () => {
        const id = pick(accountIds);
        return [
          get(`/api/accounts/${id}`, manager),
          get(`/api/accounts/${id}/contacts`, manager),
          get(`/api/accounts/${id}/subscriptions`, manager),
          get(`/api/accounts/${id}/timeline?${query({ page: 1, pageSize: 20 })}`, manager),
          get(`/api/accounts/${id}/lifecycle`, manager),
          get(`/api/prediction/accounts/${id}`, manager),
        ];
      },
    },
    {
      name: 'home (CSM)',
      read: true,
      note: "a CSM opens Home (/): GET /api/auth/me + GET /api/home/csm + the bell's unread count (10 CSMs)",
      visit: () => {
        const cookie = { cookie: pick(cookies.csms) };
        return [
          get('/api/auth/me', cookie),
          get('/api/home/csm', cookie),
          get('/api/notifications/unread-count', cookie),
        ];
      },
    },
    {
      name: 'CTA list (CSM)',
      read: true,
      note: "a CSM's own CTAs, /ctas: GET /api/ctas?scope=mine&status=active (10 CSMs)",
      visit: () => [get('/api/ctas?scope=mine&status=active&page=1&pageSize=25', { cookie: pick(cookies.csms) })],
    },
    {
      name: 'CTA list (manager)',
      read: true,
      note: 'GET /api/ctas?scope=all&status=active (none, type, priority or overdue filter; pages 1–5)',
      visit: () => {
        const filter: Record<string, string> = pick<Record<string, string>>([
          {},
          { type: 'risk' },
          { priority: 'urgent' },
          { overdue: 'true' },
        ]);
        return [
          get(
            `/api/ctas?${query({ scope: 'all', status: 'active', pageSize: 25, page: 1 + Math.floor(Math.random() * 5), ...filter })}`,
            manager,
          ),
        ];
      },
    },
    {
      name: 'tracking batch',
      read: false,
      note: 'POST /v1/batch, 10 messages (1 group + 9 track) with a write key',
      visit: () => {
        const n = sent++;
        const account = 1 + (n % ACCOUNTS);
        const userId = `bench-user-${n % 20_000}`;
        const timestamp = new Date().toISOString();
        const batch = [
          {
            type: 'group',
            messageId: `bench-${process.pid}-${n}-g`,
            userId,
            groupId: `bench-${account}`,
            traits: { name: `Bench account ${account}` },
            timestamp,
            context,
          },
          ...Array.from({ length: 9 }, (_, i) => ({
            type: 'track',
            messageId: `bench-${process.pid}-${n}-${i}`,
            userId,
            event: pick(['Report Viewed', 'Dashboard Opened', 'Workflow Run']),
            properties: { plan: 'growth', items: i },
            timestamp,
            context,
          })),
        ];
        return [
          {
            method: 'POST',
            path: '/v1/batch',
            headers: { authorization: auth, 'content-type': 'application/json' },
            body: JSON.stringify({ batch, sentAt: timestamp }),
          },
        ];
      },
    },
  ];
}

/** Request i of a steady load: visits follow one another, each visit's requests in order. */
function pacedRequests(scenario: Scenario): (index: number) => PacedRequest {
  let visit: PacedRequest[] = [];
  let at = 0;
  return () => {
    if (at >= visit.length) {
      visit = scenario.visit();
      at = 0;
    }
    return visit[at++]!;
  };
}

/** The same visits for autocannon: each connection walks a visit's requests in order, then starts the next. */
function autocannonRequests(scenario: Scenario): Request[] {
  const length = scenario.visit().length;
  return Array.from({ length }, (_, k) => ({
    setupRequest: (request: RawRequest, context: Record<string, unknown>) => {
      if (k === 0) context.visit = scenario.visit();
      return { ...request, ...(context.visit as PacedRequest[])[k]! };
    },
  }));
}

interface Row {
  scenario: string;
  mode: string;
  rate: number;
  p50: number;
  p99: number;
  max: number;
  failed: number;
  cpuMs: number;
  /** Of cpuMs, what the server process spent (the rest is PostgreSQL's). */
  serverCpuMs: number;
  /** Of the answers the read cache may keep, the share it served (undefined: none of them). */
  cacheHits?: number;
}

/** User + system CPU seconds of these processes so far, from /proc (Linux; 0 for a process gone or elsewhere). */
function cpuSeconds(pids: number[]): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(pid, (Number(fields[11]) + Number(fields[12])) / 100); // utime, stime in USER_HZ (100)
    } catch {
      ticks.set(pid, 0);
    }
  }
  return ticks;
}

/**
 * The server process and its PostgreSQL backends: CPU per request is what the figures mean on a
 * machine shared with other work (latency there measures the queue for the CPUs, not Tenure).
 */
async function serverPids(): Promise<number[]> {
  const backends = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = ${databaseName}`.execute(
    admin.db,
  );
  return [server!.child.pid!, ...backends.rows.map((r) => r.pid)];
}

/**
 * Waits until the server has finished the requests a scenario left queued (no statement running on the
 * bench database, up to 120 s): requests the client gave up on are still served, and would otherwise
 * be measured as the next scenario's latency and CPU.
 */
async function drain() {
  for (const started = performance.now(); performance.now() - started < 120_000; ) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
      where datname = ${databaseName} and state = 'active' and pid <> pg_backend_pid()`.execute(admin.db);
    if (rows[0]!.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The samples of one metric on the server's /metrics: each with its label text and value. */
async function samples(url: string, metric: string): Promise<{ labels: string; value: number }[]> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return [...text.matchAll(new RegExp(`^${metric}\\{([^}]*)\\} (\\S+)$`, 'gm'))].map(([, labels, value]) => ({
    labels: labels!,
    value: Number(value),
  }));
}

/** The server's read-cache answers so far, summed over routes: hits and misses. */
async function cacheAnswers(url: string): Promise<{ hit: number; miss: number }> {
  const counts = { hit: 0, miss: 0 };
  for (const { labels, value } of await samples(url, 'tenure_read_cache_answers_total'))
    counts[labels.includes('result="hit"') ? 'hit' : 'miss'] += value;
  return counts;
}

/**
 * Waits (up to 5 min) until the server's tracking pipeline has nothing waiting (its /metrics): on a reused
 * database the previous run's tracking batches are still being rolled up when the server starts, work that
 * would otherwise land in the first read scenarios' figures.
 */
async function ingestCaughtUp(url: string): Promise<string> {
  const started = performance.now();
  for (;;) {
    const waiting = (await samples(url, 'tenure_ingest_pending')).map((s) => s.value);
    if (waiting.length && waiting.every((n) => n === 0)) return `caught up after ${seconds(started)} s`;
    if (performance.now() - started > 300_000)
      return `NOT caught up after ${seconds(started)} s (${waiting.join(' + ')} waiting): the reads share the machine with it`;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** Runs a scenario: steady at RATE a second (bench/paced-load.ts), or flat out on a few connections (autocannon). */
async function load(url: string, scenario: Scenario, mode: 'fixed' | 'max', duration: number) {
  if (mode === 'fixed') {
    const result = await pacedLoad({
      url,
      rate: RATE,
      seconds: duration,
      connections: 32,
      next: pacedRequests(scenario),
    });
    const answered = [...result.statuses.values()].reduce((a, b) => a + b, 0);
    const statuses = [...result.statuses].map(([code, count]) => ({ code, count }));
    return { ...result, requests: answered + result.errors, statuses };
  }
  const result = await autocannon({
    url,
    requests: autocannonRequests(scenario),
    connections: MAX_CONNECTIONS,
    duration,
  });
  return {
    rate: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    requests: result.requests.total,
    statuses: Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => ({ code: Number(code), count: s.count })),
  };
}

async function drive(url: string, scenario: Scenario, mode: 'fixed' | 'max'): Promise<Row> {
  await drain();
  const cacheBefore = await cacheAnswers(url);
  const before = cpuSeconds(await serverPids());
  const result = await load(url, scenario, mode, mode === 'fixed' ? SECONDS : MAX_SECONDS);
  const after = cpuSeconds(await serverPids());
  const cacheAfter = await cacheAnswers(url);
  const hits = cacheAfter.hit - cacheBefore.hit;
  const kept = hits + cacheAfter.miss - cacheBefore.miss;
  // Backends opened during the run count from zero; one closed during it is lost (the pool keeps them while busy).
  const cpu = [...after].reduce((sum, [pid, s]) => sum + s - (before.get(pid) ?? 0), 0);
  const serverCpu = (after.get(server!.child.pid!) ?? 0) - (before.get(server!.child.pid!) ?? 0);
  const refused = result.statuses.filter((s) => s.code < 200 || s.code > 299);
  if (refused.length)
    console.log(`  ${scenario.name} (${mode}): non-2xx ${refused.map((s) => `${s.code}×${s.count}`).join(', ')}`);
  return {
    scenario: scenario.name,
    mode: mode === 'fixed' ? `${RATE}/s` : `max, ${MAX_CONNECTIONS} conn`,
    rate: result.rate,
    p50: result.p50,
    p99: result.p99,
    max: result.max,
    failed: result.errors + refused.reduce((sum, s) => sum + s.count, 0),
    cpuMs: (cpu * 1000) / Math.max(1, result.requests),
    serverCpuMs: (serverCpu * 1000) / Math.max(1, result.requests),
    cacheHits: kept ? hits / kept : undefined,
  };
}

function print(rows: Row[]) {
  const cpus = os.cpus().length;
  const header = [
    'endpoint',
    'load',
    'req/s',
    'p50 ms',
    'p99 ms',
    'max ms',
    'errors/non-2xx',
    'CPU ms/req',
    'of which Node',
    'read cache hits',
    `CPU-bound req/s on ${cpus} idle CPUs`,
  ];
  const cells = rows.map((r) => [
    r.scenario,
    r.mode,
    r.rate.toFixed(0),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    r.max.toFixed(0),
    String(r.failed),
    r.cpuMs.toFixed(1),
    r.serverCpuMs.toFixed(1),
    r.cacheHits === undefined ? '–' : `${(r.cacheHits * 100).toFixed(0)} %`,
    ((cpus * 1000) / r.cpuMs).toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    `| ${c.map((v, i) => (i < 2 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join(' | ')} |`;
  console.log(
    [
      line(header),
      `|${widths.map((w, i) => (i < 2 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
      ...cells.map(line),
    ].join('\n'),
  );
}

let server: { child: ChildProcess; url: string } | undefined;
try {
  if (reuse) await vacuumLastRun();
  const writeKey = reuse ? await existingKey() : await generate();
  const database = await connect({ databaseUrl, poolSize: 1 });
  const accountIds = (
    await database.db.selectFrom('accounts').select('id').where('deleted_at', 'is', null).execute()
  ).map((r) => r.id);
  await database.close();

  const startedAt = performance.now();
  server = await startServer();
  console.log(
    `Load average (1/5/15 min) before the load: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} on ${os.cpus().length} CPUs`,
  );
  console.log(`Read cache: ${process.env.TENURE_READ_CACHE === '0' ? 'off (TENURE_READ_CACHE=0)' : 'on'}`);
  console.log(
    `Server: ${serverCommand.label} at ${server.url} (pid ${server.child.pid}, started in ${seconds(startedAt)} s); load from pid ${process.pid}; ${RATE} req/s for ${SECONDS} s per scenario`,
  );
  console.log(`Tracking pipeline: ${await ingestCaughtUp(server.url)}`);
  const cookies = {
    manager: await signIn(server.url, 'manager@bench.local'),
    csms: await Promise.all(
      Array.from({ length: SIGNED_IN_CSMS }, (_, i) => signIn(server!.url, `csm${i + 1}@bench.local`)),
    ),
  };
  const all = scenarios(accountIds, cookies, writeKey).filter(
    (s) => !only.length || only.some((name) => s.name.toLowerCase().includes(name)),
  );
  for (const s of all) console.log(`  ${s.name}: ${s.note}`);

  const rows: Row[] = [];
  for (const scenario of all) {
    await load(server.url, scenario, 'fixed', 3); // warm-up, not counted
    rows.push(await drive(server.url, scenario, 'fixed'));
  }
  for (const scenario of all.filter((s) => s.read)) rows.push(await drive(server.url, scenario, 'max'));
  console.log();
  print(rows);
  const reads = rows.filter((r) => r.mode.endsWith('/s') && all.find((s) => s.name === r.scenario)?.read);
  // On a shared machine the figures mean little without the load that was on it.
  console.log(
    `\nLoad average (1/5/15 min) at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} on ${os.cpus().length} CPUs`,
  );
  if (reads.length) {
    const worst = reads.reduce((a, b) => (b.p99 > a.p99 ? b : a));
    console.log(
      `Reads at ${RATE} req/s: worst p99 ${worst.p99.toFixed(1)} ms (${worst.scenario}); target p99 ≤ 50 ms met by ${reads.filter((r) => r.p99 <= 50 && r.rate >= RATE * 0.95).length} of ${reads.length} read scenarios (at ≥ 95 % of the rate)`,
    );
  }
} finally {
  if (server) {
    const exited = new Promise((resolve) => server!.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
  }
  if (!keep) await sql.raw(`drop database if exists ${quotedName} with (force)`).execute(admin.db);
  await admin.close();
}
