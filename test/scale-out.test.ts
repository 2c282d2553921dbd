import { type ChildProcess, spawn } from 'node:child_process';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { connect } from '../src/db/connection.js';
import { migrate } from '../src/db/migrator.js';
import { cliActor } from '../src/modules/audit/actor.js';
import { createServices } from '../src/services.js';
import { separateDatabase } from './support/db.js';
import { waitFor } from './support/wait.js';
import { tenureArgs } from './support/tenure.js';

/**
 * Scale-out on PostgreSQL (PostgreSQL project only, see vitest.config.ts): two API processes
 * (`tenure start --no-worker`) and two job workers (`tenure worker`), four separate Node processes
 * on one database. Tracking sent to both APIs (every batch to both, as a retrying client would) is
 * stored once and rolled up once; the data-arrival signal runs the CTA rules on the workers, and one
 * CTA exists per (rule, account, fact) however many runs race; queued jobs are all done across the
 * two workers, and a worker killed (SIGKILL) in the middle of its jobs loses none of them: the other
 * finishes them once their lease expires.
 */

const SUBSCRIBED = 12; // accounts made through the API, with a two-seat subscription
const TRACKED_ONLY = 4; // accounts that only tracking creates (both APIs at once)
const GROUPS = [
  ...Array.from({ length: SUBSCRIBED }, (_, i) => `so-${i}`),
  ...Array.from({ length: TRACKED_ONLY }, (_, i) => `so-new-${i}`),
];
const BATCHES = 12;
const BATCH = 200;
const IN_FLIGHT = 3;
/** The lease of the jobs queued in the kill test: a job a dead worker held is retried this long after it was fetched. */
const LEASE_SECONDS = 10;

interface Running {
  name: string;
  child: ChildProcess;
  output: () => string;
}

let env: Record<string, string>;
let databaseUrl: string;
let drop = async () => {};
const running: Running[] = [];
let client: pg.Client | undefined;
let boss: PgBoss | undefined;
let apis: string[] = [];
let writeKey = '';
let token = '';

/** The database URL of one process: its name shows in pg_stat_activity (which worker waits on what). */
const urlFor = (name: string) => {
  const url = new URL(databaseUrl);
  url.searchParams.set('application_name', name);
  return url.toString();
};

/** Starts `tenure <args>` as a process of its own and resolves once its output matches `ready`. */
async function launch(
  name: string,
  args: string[],
  ready: RegExp,
): Promise<{ process: Running; match: RegExpExecArray }> {
  const child = spawn('node', tenureArgs(...args), {
    env: { ...env, DATABASE_URL: urlFor(name) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const proc: Running = { name, child, output: () => output };
  running.push(proc);
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = ready.exec(output);
      if (found) resolve(found);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) =>
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${output}`)),
    );
  });
  return { process: proc, match };
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

/** Every process's output, for a failure message. */
const outputs = () => running.map((p) => `--- ${p.name}\n${p.output().slice(-3000)}`).join('\n');

const query = async <T = Record<string, unknown>>(text: string, values: unknown[] = []) =>
  (await client!.query(text, values)).rows as T[];

async function api(base: string, method: string, url: string, body?: unknown) {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function track(base: string, batch: unknown[]) {
  const response = await fetch(`${base}/v1/batch`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ batch, sentAt: new Date().toISOString() }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { accepted: number; duplicates: number; rejected: unknown[] };
}

/** Three people per account, so every account uses more than its two seats. */
const batchOf = (n: number) =>
  Array.from({ length: BATCH }, (_, i) => {
    const group = GROUPS[i % GROUPS.length]!;
    return {
      type: 'track',
      messageId: `so-${n}-${i}`,
      userId: `${group}-user-${Math.floor(i / GROUPS.length) % 3}`,
      event: i % 2 ? 'Report Viewed' : 'Dashboard Opened',
      properties: { batch: n, index: i },
      context: { groupId: group },
    };
  });

/** What each process's connections and the queue are doing, for a failure message. */
async function queueState() {
  const activity = await query(
    `select application_name, state, wait_event_type, left(query, 120) as query from pg_stat_activity
     where datname = current_database() and application_name like 'tenure-%' and state <> 'idle'`,
  );
  const jobs = await query(
    `select name, state, retry_count, started_on, output from pgboss.job
     where state <> 'completed' and name not like '\\_\\_%' order by name, created_on`,
  );
  return JSON.stringify({ activity, jobs }, null, 1);
}

/** Waits until none of these pg-boss jobs is waiting, retrying or running; returns their rows. */
async function settled(ids: string[], timeoutMs: number) {
  await waitFor(
    async () =>
      (
        await query<{ n: number }>(
          `select count(*)::int as n from pgboss.job where id = any($1::uuid[]) and state not in ('completed', 'failed', 'cancelled')`,
          [ids],
        )
      )[0]!.n === 0,
    timeoutMs,
    'the queued jobs did not finish',
  ).catch(async (error) => {
    throw new Error(`${error.message}\n${await queueState()}\n${outputs()}`);
  });
  return query<{ id: string; state: string; retry_count: number; data: { accountIds: string[] } }>(
    `select id, state, retry_count, data from pgboss.job where id = any($1::uuid[])`,
    [ids],
  );
}

beforeAll(async () => {
  if (!process.env.TEST_DATABASE_URL) throw new Error('The scale-out test runs on PostgreSQL: set TEST_DATABASE_URL');
  const database = await separateDatabase('tenure_scaleout');
  databaseUrl = database.url;
  drop = database.drop;
  env = { ...process.env, TENURE_DEMO: '0', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' } as Record<string, string>;
  delete env.TENURE_NOW;
  delete env.TENURE_WORKER;
  delete env.SMTP_URL;
  // The four processes start at once on the fresh database: each migrates it (one at a time) and creates
  // the job queues. Meanwhile the test makes a write key and an API token, as `tenure keys|tokens create` do.
  const apiReady = /Tenure is running at (\S+).*\n(?:.*\n)*?No jobs run in this process/;
  const starting = Promise.all([
    launch('tenure-api-1', ['start', '--no-worker'], apiReady),
    launch('tenure-api-2', ['start', '--no-worker'], apiReady),
    launch('tenure-worker-a', ['worker'], /Tenure worker running/),
    launch('tenure-worker-b', ['worker'], /Tenure worker running/),
  ]);
  starting.catch(() => undefined);
  const own = await connect({ databaseUrl: urlFor('tenure-scale-out-setup'), poolSize: 2 });
  try {
    await migrate(own);
    const services = createServices({
      db: own.db,
      clock: createClock(),
      config: loadConfig({ DATABASE_URL: databaseUrl }),
    });
    writeKey = (await services.writeKeys.create(cliActor, { name: 'scale-out' })).key;
    token = (await services.auth.createToken(cliActor, { name: 'scale-out', role: 'admin' })).token;
  } finally {
    await own.close();
  }
  apis = (await starting).slice(0, 2).map((s) => s.match[1]!);
  client = new pg.Client({ connectionString: urlFor('tenure-scale-out-test') });
  await client.connect();
  // Queues the test's own jobs, and expires leases every second (pg-boss's maintenance, which
  // workers run every two minutes; the test does not wait that long for the kill to show).
  boss = new PgBoss({
    connectionString: urlFor('tenure-scale-out-boss'),
    schema: 'pgboss',
    supervise: true,
    schedule: false,
    maintenanceIntervalSeconds: 1,
    max: 2,
  });
  boss.on('error', () => undefined);
  await boss.start();
}, 300_000);

afterAll(async () => {
  for (const p of running) p.child.kill('SIGKILL');
  await Promise.all(running.map((p) => exited(p.child)));
  await boss?.stop({ graceful: false, wait: true, timeout: 5_000 }).catch(() => undefined);
  await client?.end().catch(() => undefined);
  await drop();
}, 60_000);

describe('two API processes and two workers on one PostgreSQL database', () => {
  let accountIds: string[] = [];

  it('stores and rolls up every tracked message exactly once, sent to both APIs', async () => {
    // Accounts and their two-seat subscriptions, half through each API.
    // Yesterday in UTC: within the welcome's two-day catch-up at any hour, also once the organisation's
    // time zone (Asia/Shanghai by default) has already reached tomorrow (after 16:00 UTC).
    const startsOn = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    accountIds = await Promise.all(
      GROUPS.slice(0, SUBSCRIBED).map(async (group, i) => {
        const base = apis[i % 2]!;
        const account = await api(base, 'POST', '/api/accounts', { externalId: group, name: `Scale-out ${group}` });
        await api(apis[(i + 1) % 2]!, 'POST', `/api/accounts/${account.id}/subscriptions`, {
          quantity: 2,
          amountMinor: 50_000,
          currency: 'CNY',
          interval: 'month',
          startsOn,
        });
        return account.id as string;
      }),
    );

    // Every batch goes to both APIs at once: each message is accepted by one and a duplicate at the other.
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let n = next++; n < BATCHES; n = next++) {
          const [one, two] = await Promise.all(apis.map((base) => track(base, batchOf(n))));
          expect(one!.rejected).toEqual([]);
          expect(two!.rejected).toEqual([]);
          expect(one!.accepted + two!.accepted).toBe(BATCH);
          expect(one!.duplicates + two!.duplicates).toBe(BATCH);
        }
      }),
    );
    // A later retry changes nothing.
    for (const n of [0, 1]) expect(await track(apis[n]!, batchOf(n))).toMatchObject({ accepted: 0, duplicates: BATCH });

    const total = BATCHES * BATCH;
    const rows = await query<{ message_id: string; n: number }>(
      `select message_id, count(*)::int as n from usage_events where message_id like 'so-%' group by message_id`,
    );
    expect(rows.length).toBe(total);
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    // Both APIs' usage processors roll up; each event is counted once.
    await waitFor(
      async () => (await query<{ n: number }>('select count(*)::int as n from usage_pending'))[0]!.n === 0,
      60_000,
      'the roll-ups did not catch up',
    );
    const [counted] = await query<{ total: number; people: number }>(
      `select (select coalesce(sum(count), 0)::int from usage_daily) as total, (select count(distinct person)::int from usage_user_daily) as people`,
    );
    expect(counted).toEqual({ total, people: GROUPS.length * 3 });
    // The accounts only tracking named were created once, though both APIs saw them first together.
    const accounts = await query<{ external_id: string; n: number }>(
      `select external_id, count(*)::int as n from accounts where external_id like 'so-%' group by external_id order by 1`,
    );
    expect(accounts).toEqual([...GROUPS].sort().map((external_id) => ({ external_id, n: 1 })));
  });

  it('runs the rules on the workers after the data arrives: one CTA per rule, account and fact, however many runs race', async () => {
    const [rule] = await query<{ id: string }>(`select id from cta_rules where key = 'seats_used'`);
    const seatCtas = async () =>
      query<{ account_id: string; fact_key: string; n: number }>(
        `select account_id, fact_key, count(*)::int as n from ctas where rule_id = $1 group by 1, 2`,
        [rule!.id],
      );
    // Roll-up (API) → data-arrival signal → accounts-data-changed job (a worker) → rules.
    await waitFor(
      async () => (await seatCtas()).length === SUBSCRIBED,
      90_000,
      'no seats CTA for every subscribed account',
    ).catch((error) => {
      throw new Error(`${error.message}\n${outputs()}`);
    });

    // Runs racing: "Run rules now" on both APIs, and rule-run jobs on both workers, all at once.
    const ids = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        boss!.send('ctas-rules-run', { accountIds }, { singletonKey: `scale-out-race-${i}` }),
      ),
    );
    await Promise.all(apis.map((base) => api(base, 'POST', '/api/cta-rules/run')));
    const jobs = await settled(ids as string[], 60_000);
    expect(jobs.map((j) => j.state)).toEqual(['completed', 'completed', 'completed', 'completed']);

    const ctas = await seatCtas();
    expect(ctas.map((c) => c.account_id).sort()).toEqual([...accountIds].sort());
    expect(ctas.every((c) => c.n === 1 && c.fact_key.startsWith('seats_used@'))).toBe(true);
    // No rule opened two CTAs for one account, and every condition has one running episode.
    expect(
      await query(`select rule_id, account_id, count(*)::int from ctas group by 1, 2 having count(*) > 1`),
    ).toEqual([]);
    expect(
      await query(
        `select rule_id, account_id, condition from cta_episodes where ended_at is null group by 1, 2, 3 having count(*) > 1`,
      ),
    ).toEqual([]);
    const episodes = await query<{ n: number }>(
      `select count(*)::int as n from cta_episodes where rule_id = $1 and ended_at is null`,
      [rule!.id],
    );
    expect(episodes[0]!.n).toBe(SUBSCRIBED);

    // The first payment's welcome (no contact with an email here: recorded as skipped) ran once per account.
    await waitFor(
      async () =>
        (await query<{ n: number }>(`select count(*)::int as n from customer_sends where status <> 'claimed'`))[0]!
          .n === SUBSCRIBED,
      60_000,
      'welcome not recorded for every account',
    );
    const welcomes = await query<{ account_id: string; n: number }>(
      `select account_id, count(*)::int as n from activities where data->>'key' like 'timeline.welcome%' group by 1`,
    );
    expect(welcomes.map((w) => w.account_id).sort()).toEqual([...accountIds].sort());
    expect(welcomes.every((w) => w.n === 1)).toBe(true);
  });

  it('finishes every queued job once across the workers, and loses none when one is killed mid-job', async () => {
    // A second seats rule: every subscribed account qualifies, and only the jobs below run it.
    const rule = await api(apis[0]!, 'POST', '/api/cta-rules', {
      name: 'Scale-out: half the seats',
      trigger: 'seats_used',
      params: { percent: 50, days: 30 },
      ctaType: 'expansion',
      priority: 'low',
    });
    const opened = async () =>
      query<{ account_id: string; n: number }>(
        `select account_id, count(*)::int as n from ctas where rule_id = $1 group by 1`,
        [rule.id],
      );

    // Hold the CTA table so that worker A is caught inside a job (its next statement on it waits), then
    // kill it there. Worker B may be caught too or still busy elsewhere: it need not be waiting at that
    // moment, only finish every job afterwards. The lock is held seconds, well inside the jobs' lease.
    await client!.query('begin');
    await client!.query('lock table ctas in share mode');
    let ids: string[];
    try {
      ids = (await Promise.all(
        accountIds.map((id) =>
          boss!.send(
            'ctas-rules-run',
            { accountIds: [id] },
            { singletonKey: `scale-out-kill-${id}`, expireInSeconds: LEASE_SECONDS },
          ),
        ),
      )) as string[];
      expect(ids.every(Boolean)).toBe(true);
      await waitFor(
        async () =>
          (
            await query(
              `select 1 from pg_stat_activity where datname = current_database() and application_name = 'tenure-worker-a' and wait_event_type = 'Lock'`,
            )
          ).length > 0,
        60_000,
        'worker A did not start the jobs',
      ).catch(async (error) => {
        throw new Error(`${error.message}\n${await queueState()}\n${outputs()}`);
      });
      const victim = running.find((p) => p.name === 'tenure-worker-a')!;
      victim.child.kill('SIGKILL');
      await exited(victim.child);
      expect(victim.child.signalCode).toBe('SIGKILL');
    } finally {
      await client!.query('commit');
    }

    // Worker B finishes its own jobs, then, once their lease has expired, the ones worker A held.
    const jobs = await settled(ids, 90_000);
    expect(jobs.filter((j) => j.state !== 'completed')).toEqual([]);
    expect(jobs.length).toBe(SUBSCRIBED);
    // Worker A died holding some of them: they were run again.
    expect(jobs.filter((j) => j.retry_count > 0).length).toBeGreaterThan(0);
    const ctas = await opened();
    expect(ctas.map((c) => c.account_id).sort()).toEqual([...accountIds].sort());
    expect(ctas.every((c) => c.n === 1)).toBe(true);
    // Nothing failed anywhere in the queue.
    expect(await query(`select name, output from pgboss.job where state = 'failed'`)).toEqual([]);
  }, 240_000);
});
