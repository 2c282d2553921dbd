/**
 * npm run bench:journeys — 10,000 participants through a five-step journey on PostgreSQL: send, wait a
 * day, branch (half the accounts are "activated"), send a tip to the others, exit.
 *
 * Builds the data set-based in SQL on a fresh schema of BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/bench_journeys; created when missing, its public schema replaced),
 * one contact with an email per account. Sends go by SMTP to a local smtp-server in this process
 * (nodemailer with pooled connections, as a busy sender would configure), so the figures include
 * composing, the consent checks, the idempotent claim and the SMTP conversation of every message.
 * The engine runs in this process as a worker's job does (claimed batches of 500, four side by side);
 * the clock is moved a day for the wait. Prints figures; asserts nothing.
 */
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { connect } from '../src/db/connection.js';
import { migrate } from '../src/db/migrator.js';
import { cliActor } from '../src/modules/audit/actor.js';
import { createServices } from '../src/services.js';

const URL_ = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/bench_journeys';
const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const DAY0 = new Date('2026-06-15T04:00:00Z');
let now = DAY0;

let mails = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      mails++;
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}/?pool=true&maxConnections=${CONCURRENCY}`;

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
const database = await connect({ databaseUrl: URL_, poolSize: CONCURRENCY + 4 });
await sql.raw('drop schema if exists public cascade; create schema public').execute(database.db);
await migrate(database);
const db = database.db;
const services = createServices({
  db,
  clock: {
    now: () => new Date(now),
    today: (tz, at) => new Date(at ?? now).toLocaleDateString('en-CA', { timeZone: tz }),
  },
  config: { TENURE_SESSION_DAYS: 30, TENURE_TIMEZONE: 'UTC', SMTP_URL: smtpUrl, TENURE_LOCALE: 'en' },
});

let t = performance.now();
await sql`insert into accounts (external_id, name, attributes)
  select 'bench-' || g, 'Bench ' || g, jsonb_build_object('activated', case when g % 2 = 0 then 'yes' else 'no' end)
  from generate_series(1, ${PARTICIPANTS}::int) g`.execute(db);
await sql`insert into contacts (account_id, name, email) select id, name, external_id || '@bench.example' from accounts`.execute(
  db,
);
const template = async (name: string) =>
  (
    await services.messaging.templates.create(cliActor, {
      name,
      channel: 'email',
      messageType: 'transactional',
      content: { en: { subject: `${name} for {{account.name}}`, body: `Hello {{contact.name}}, ${name}.` } },
    })
  ).id;
const [welcome, tip] = [await template('welcome'), await template('tip')];
const journey = await services.journeys.create(cliActor, {
  name: 'Bench onboarding',
  description: '',
  definition: {
    scope: 'account',
    entry: { kind: 'manual' },
    exitWhen: null,
    reentry: 'never',
    quietHours: null,
    start: 'welcome',
    steps: [
      { id: 'welcome', kind: 'send', templateId: welcome, next: 'wait' },
      { id: 'wait', kind: 'wait', mode: 'duration', minutes: 24 * 60, next: 'activated' },
      {
        id: 'activated',
        kind: 'branch',
        rules: { match: 'all', conditions: [{ field: 'attributes.activated', op: 'eq', value: 'yes' }] },
        yes: 'done',
        no: 'tip',
      },
      { id: 'tip', kind: 'send', templateId: tip, next: 'done' },
      { id: 'done', kind: 'exit' },
    ],
  },
});
await services.journeys.publish(cliActor, journey.id);
// Enrolled while paused, so that the inline run of this process (no queue) is the measured run below.
await services.journeys.pause(cliActor, journey.id);
const ids = (await db.selectFrom('accounts').select('id').execute()).map((r) => r.id);
const enrolled = await services.journeys.enrol(journey.id, { accountIds: ids });
console.log(`setup: ${PARTICIPANTS} accounts, contacts, journey, ${enrolled.enrolled} enrolled in ${s(t)} s`);
await sql`update journeys set status = 'active'`.execute(db);

function s(since: number) {
  return ((performance.now() - since) / 1000).toFixed(1);
}
const rate = (n: number, since: number) => Math.round(n / ((performance.now() - since) / 1000));

t = performance.now();
const total = performance.now();
let moved = await services.journeys.run({ concurrency: CONCURRENCY });
console.log(`day 0: ${moved} participants, ${mails} welcome mails in ${s(t)} s (${rate(mails, t)} mails/s)`);
now = new Date(DAY0.getTime() + 24 * 60 * 60_000);
t = performance.now();
const before = mails;
moved = await services.journeys.run({ concurrency: CONCURRENCY });
console.log(
  `day 1: ${moved} participants through wait, branch, tip, exit; ${mails - before} tips in ${s(t)} s (${rate(moved, t)} participants/s)`,
);
const left = await sql<{
  status: string;
  n: number;
}>`select status, count(*)::int as n from journey_participants group by 1`.execute(db);
console.log(
  `total: ${PARTICIPANTS} participants, ${mails} mails in ${s(total)} s (${rate(mails, total)} mails/s); ${JSON.stringify(left.rows)}`,
);
await database.close();
await new Promise<void>((resolve) => smtp.close(() => resolve()));
