import { type ChildProcess, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { connect } from '../src/db/connection.js';
import { migrate } from '../src/db/migrator.js';
import { cliActor } from '../src/modules/audit/actor.js';
import { createServices } from '../src/services.js';
import { separateDatabase } from './support/db.js';
import { tenureArgs } from './support/tenure.js';
import { waitFor } from './support/wait.js';

/**
 * Journeys' exactly-once sends across a crash (PostgreSQL only, as test/scale-out.test.ts): two real
 * `tenure worker` processes move 2,400 accounts through a two-send journey; worker A is killed (SIGKILL)
 * in the middle of a send — the SMTP server holds its answer to the message, so the kill lands after the
 * send was claimed and before it was finished, the window crash safety is about. Worker B finishes its own
 * participants; once the dead worker's leases have run out (the test moves their clocks back rather than
 * waiting out 5 and 10 minutes), a run takes A's participants and its unfinished sends again. The SMTP
 * server then holds exactly one message per (participant, send step): none missing, none twice.
 *
 * A message counts as received when the server has answered it (250), as in SMTP; the one A was killed
 * waiting on is dropped with its connection, as a real server drops an unanswered message.
 */
const ACCOUNTS = 2400;
const STEPS = ['first', 'second'];

interface Held {
  to: string[];
  raw: string;
  worker: string;
  session: string;
  answer: () => void;
}
const received: { to: string; subject: string }[] = [];
const held: Held[] = [];
const closed = new Set<string>();
let holding = false;
const subject = (raw: string) => /^Subject: (.*)$/m.exec(raw)?.[1]?.trim() ?? '';
const accept = (m: Held) => {
  for (const to of m.to) received.push({ to, subject: subject(m.raw) });
  m.answer();
};
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onClose: (session) => void closed.add(session.id),
  onData(stream, session, callback) {
    let raw = '';
    stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    stream.on('end', () => {
      const m = {
        to: session.envelope.rcptTo.map((r) => r.address),
        raw,
        worker: session.hostNameAppearsAs,
        session: session.id,
        answer: () => callback(),
      };
      if (holding) held.push(m);
      else accept(m);
    });
  },
});

let databaseUrl = '';
let drop = async () => {};
let client: pg.Client;
let boss: PgBoss;
const workers: Record<string, ChildProcess> = {};
const outputs: Record<string, () => string> = {};
const workerOutput = () =>
  Object.entries(outputs)
    .map(([n, o]) => `--- ${n}\n${o().slice(-3000)}`)
    .join('\n');
const urlFor = (name: string) => {
  const url = new URL(databaseUrl);
  url.searchParams.set('application_name', name);
  return url.toString();
};
const query = async <T>(text: string, values: unknown[] = []) => (await client.query(text, values)).rows as T[];
const count = async (text: string, values: unknown[] = []) => (await query<{ n: number }>(text, values))[0]!.n;

function launchWorker(name: string, smtpUrl: string) {
  const child = spawn('node', tenureArgs('worker'), {
    env: {
      ...process.env,
      DATABASE_URL: urlFor(name),
      // The EHLO name tells the SMTP server which worker a message comes from; pooled connections, as a busy
      // sender would configure (each message on a new connection is several times slower).
      SMTP_URL: `${smtpUrl}/?pool=true&name=${name}`,
      TENURE_DEMO: '0',
      LOG_LEVEL: 'warn',
    } as Record<string, string>,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  workers[name] = child;
  outputs[name] = () => output;
  return waitFor(() => /Tenure worker running/.test(output), 120_000, `${name} did not start:\n${output}`);
}

beforeAll(async () => {
  if (!process.env.TEST_DATABASE_URL)
    throw new Error('The journeys crash test runs on PostgreSQL: set TEST_DATABASE_URL');
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  const database = await separateDatabase('tenure_journeys_crash');
  databaseUrl = database.url;
  drop = database.drop;
  const own = await connect({ databaseUrl: urlFor('journeys-crash-setup'), poolSize: 2 });
  try {
    await migrate(own);
    // Set up in this process, without a queue: the journey is paused while people are enrolled, so the
    // inline run that follows moves nobody; the workers do all the moving.
    const services = createServices({
      db: own.db,
      clock: createClock(),
      config: loadConfig({ DATABASE_URL: databaseUrl }),
    });
    const templates = [];
    for (const name of STEPS)
      templates.push(
        await services.messaging.templates.create(cliActor, {
          name,
          channel: 'email',
          messageType: 'transactional',
          content: { en: { subject: name, body: `Step ${name}` } },
        }),
      );
    await sql`insert into accounts (name, external_id)
      select 'Crash ' || i, 'crash-' || i from generate_series(1, ${ACCOUNTS}::int) i`.execute(own.db);
    await sql`insert into contacts (account_id, name, email)
      select id, name, external_id || '@crash.example' from accounts`.execute(own.db);
    const journey = await services.journeys.create(cliActor, {
      name: 'Crash',
      description: '',
      definition: {
        scope: 'account',
        entry: { kind: 'manual' },
        exitWhen: null,
        reentry: 'never',
        quietHours: null,
        start: 'first',
        steps: [
          { id: 'first', kind: 'send', templateId: templates[0]!.id, next: 'second' },
          { id: 'second', kind: 'send', templateId: templates[1]!.id, next: null },
        ],
      },
    });
    await services.journeys.publish(cliActor, journey.id);
    await services.journeys.pause(cliActor, journey.id);
    const accountIds = (await own.db.selectFrom('accounts').select('id').execute()).map((a) => a.id);
    expect(await services.journeys.enrol(journey.id, { accountIds })).toEqual({ enrolled: ACCOUNTS, skipped: 0 });
  } finally {
    await own.close();
  }
  await Promise.all([launchWorker('tenure-worker-a', smtpUrl), launchWorker('tenure-worker-b', smtpUrl)]);
  client = new pg.Client({ connectionString: urlFor('journeys-crash-test') });
  await client.connect();
  boss = new PgBoss({
    connectionString: urlFor('journeys-crash-boss'),
    schema: 'pgboss',
    supervise: false,
    schedule: false,
    max: 2,
  });
  boss.on('error', () => undefined);
  await boss.start();
}, 300_000);

afterAll(async () => {
  for (const child of Object.values(workers)) child.kill('SIGKILL');
  await boss?.stop({ graceful: false, wait: true, timeout: 5_000 }).catch(() => undefined);
  await client?.end().catch(() => undefined);
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await drop();
}, 60_000);

describe('a journey run by two workers, one killed mid-send', () => {
  it('sends exactly one message per participant and send step', async () => {
    const started = Date.now();
    await client.query(`update journeys set status = 'active'`);
    // One run per worker: a worker fetches the jobs waiting and runs them one after the other, so the second
    // is sent once the first is taken.
    for (const key of ['a', 'b']) {
      const id = await boss.send('journeys-advance', {}, { singletonKey: `crash-${key}` });
      await waitFor(
        async () =>
          (await count(`select count(*)::int as n from pgboss.job where id = $1 and state = 'active'`, [id])) === 1,
        60_000,
        'a worker did not take the run',
      );
    }
    await waitFor(
      async () =>
        (await count(
          `select count(distinct claimed_by)::int as n from journey_participants where claimed_by is not null`,
        )) === 2,
      60_000,
      'both workers did not claim participants',
    );

    // Both workers are sending; then the server stops answering, and each is caught inside a send.
    await waitFor(() => received.length >= 600, 120_000, 'the workers did not start sending');
    holding = true;
    await waitFor(
      () => ['tenure-worker-a', 'tenure-worker-b'].every((w) => held.some((m) => m.worker === w)),
      60_000,
      `both workers were not caught inside a send\n${workerOutput()}`,
    );
    const victim = workers['tenure-worker-a']!;
    victim.kill('SIGKILL');
    await new Promise((resolve) =>
      victim.exitCode !== null || victim.signalCode ? resolve(null) : victim.once('exit', resolve),
    );
    const dying = held.filter((m) => m.worker === 'tenure-worker-a');
    await waitFor(
      () => dying.every((m) => closed.has(m.session)),
      10_000,
      'the killed worker’s connection did not close',
    );
    holding = false;
    for (const m of held.splice(0)) if (!closed.has(m.session)) accept(m);

    // Worker B finishes every participant but those worker A held when it died.
    await waitFor(
      async () =>
        (await count(
          `select count(*)::int as n from journey_participants where left_at is null and claimed_by is distinct from 'tenure-worker-a'`,
        )) === 0,
      180_000,
      'worker B did not finish its participants',
    );
    const orphaned = await count(`select count(*)::int as n from journey_participants where left_at is null`);
    const unfinished = await count(`select count(*)::int as n from message_sends where status = 'claimed'`);
    expect(orphaned).toBeGreaterThan(0);
    expect(unfinished).toBeGreaterThan(0); // at least the send A was killed in
    const beforeRetry = received.length;

    // The dead worker's leases run out (moved back instead of waited for); the next run takes its work.
    await client.query(
      `update journey_participants set claimed_until = now() - interval '1 second' where left_at is null`,
    );
    await client.query(
      `update message_sends set claimed_at = claimed_at - interval '11 minutes' where status = 'claimed'`,
    );
    await boss.send('journeys-advance', {}, { singletonKey: 'crash-after' });
    await waitFor(
      async () => (await count(`select count(*)::int as n from journey_participants where left_at is null`)) === 0,
      180_000,
      'the dead worker’s participants were not finished',
    );

    const perMessage = new Map<string, number>();
    for (const m of received) perMessage.set(`${m.to} ${m.subject}`, (perMessage.get(`${m.to} ${m.subject}`) ?? 0) + 1);
    expect([...perMessage.values()].filter((n) => n !== 1)).toEqual([]);
    expect(perMessage.size).toBe(ACCOUNTS * STEPS.length);
    expect(received.length).toBe(ACCOUNTS * STEPS.length);
    expect(received.length).toBeGreaterThan(beforeRetry);
    expect(await count(`select count(*)::int as n from message_sends where status <> 'sent'`)).toBe(0);
    expect(await count(`select count(*)::int as n from journey_participants where status <> 'completed'`)).toBe(0);
    console.info(
      `journeys crash test: ${ACCOUNTS} participants × ${STEPS.length} sends in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `worker A died holding ${orphaned} participants and ${unfinished} claimed sends`,
    );
  }, 600_000);
});
