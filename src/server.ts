import { buildApp } from './app.js';
import { type Config, ConfigError } from './config.js';
import { DEMO_ADMIN, loadDemoIfEmpty } from './demo/load.js';
import { TEAM } from './demo/team.js';
import { createSetupService } from './modules/setup/setup.service.js';
import { gracefulShutdown } from './modules/ops/shutdown.js';
import { assertDataDirFree, clockFor, holdDataDir, openDatabase } from './runtime.js';

/** The demo team's sign-ins as printed at the first start: role, e-mail, name; one password for all. */
export function demoSignIns(): string[] {
  const width = Math.max(...TEAM.map((u) => u.email.length));
  return [
    `Demo sign-ins (password for every one: ${DEMO_ADMIN.password}):`,
    ...TEAM.map((u) => `  ${u.role.padEnd(11)} ${u.email.padEnd(width)}  ${u.name}`),
  ];
}

/** What the first start without any user prints: the setup link (24 h, single use) and the CLI alternative. */
export function setupInstructions(baseUrl: string, token: string): string[] {
  const link = new URL(`/setup?token=${encodeURIComponent(token)}`, baseUrl).toString();
  return [
    'No one can sign in yet. Create the first admin within 24 hours with this one-time link:',
    `  ${link}`,
    'or on the server:',
    '  npx tenure users create --email you@example.com --name "Your Name" --role admin',
  ];
}

/**
 * `tenure start --no-worker`: the API without a job worker (TENURE_WORKER=off). Refused on PGlite:
 * no other process can open the embedded database, so nobody else could run the jobs.
 */
export function withoutWorker(config: Config): Config {
  if (!config.DATABASE_URL) {
    throw new ConfigError(
      '--no-worker needs PostgreSQL (DATABASE_URL): the embedded database (PGlite) belongs to this one process,\n' +
        'so no `tenure worker` could run the jobs. Start without --no-worker, or set DATABASE_URL and run `tenure worker` processes.',
    );
  }
  return { ...config, TENURE_WORKER: 'off' };
}

/** `npm start`: migrate, load the demo company on the first start, serve API and UI (and run jobs unless `worker: false`). */
export async function startServer(config: Config, options: { worker?: boolean } = {}) {
  if (options.worker === false) config = withoutWorker(config);
  const started = Date.now();
  assertDataDirFree(config);
  const release = holdDataDir(config);
  const database = await openDatabase(config);
  const clock = clockFor(config);
  const { app, services, ops } = await buildApp({ config, database, clock, logger: config.LOG_LEVEL !== 'silent' });

  let demoLoaded = false;
  if (config.TENURE_DEMO) {
    // The first load takes up to a minute: say what it is doing rather than stay silent.
    let announced = false;
    const onProgress = (phase: string, seconds: number) => {
      if (!announced) console.log('Loading the demo company (first start only)…');
      announced = true;
      console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${phase}`);
    };
    const demo = await loadDemoIfEmpty(services, {
      seed: config.TENURE_DEMO_SEED,
      timeZone: config.TENURE_TIMEZONE,
      currency: config.TENURE_CURRENCY,
      onProgress,
    });
    if (demo && !demo.skipped) {
      demoLoaded = true;
      console.log(
        `Loaded the demo company: ${demo.accounts} accounts, ${demo.users} team members (${demo.seconds.toFixed(1)} s).`,
      );
    }
  }

  const address = await app.listen({ port: config.PORT, host: config.HOST });
  const url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  console.log(
    `\nTenure is running at ${url}  (${database.backend}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  if (database.backend === 'postgres' && config.TENURE_WORKER === 'off')
    console.log('No jobs run in this process (TENURE_WORKER=off): `tenure worker` processes run them.');
  if (demoLoaded) console.log(demoSignIns().join('\n'));
  else if (config.TENURE_DEMO)
    console.log(
      `Demo sign-in: ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password} (every demo team member uses the same password)`,
    );
  else {
    // Nobody to sign in (no demo on a real install): a one-time link, and the CLI way, to the first admin.
    const setup = await createSetupService(services).issueIfNeeded();
    if (setup) console.log(setupInstructions(config.TENURE_PUBLIC_URL ?? url, setup.token).join('\n'));
  }
  console.log(`API docs: ${url}/api/docs\n`);

  let stopping = false;
  const stop = async () => {
    // A second signal (Ctrl-C again) does not wait for the graceful stop.
    if (stopping) process.exit(1);
    stopping = true;
    await gracefulShutdown({
      app,
      database,
      ops,
      drainSeconds: config.TENURE_DRAIN_SECONDS,
      log: (message) => console.log(message),
    });
    release();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return { app, database, url };
}
