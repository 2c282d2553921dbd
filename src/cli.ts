import { Command, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from './config.js';
import { AppError } from './http/errors.js';
import { errorBody } from './http/validation.js';
import { connect, type Database } from './db/connection.js';
import { migrate } from './db/migrator.js';
import { cliActor } from './modules/audit/actor.js';
import { loadDemo } from './demo/load.js';
import { assertDataDirFree, clockFor, DataDirBusyError, openDatabase } from './runtime.js';
import { startServer } from './server.js';
import { startWorker } from './worker.js';
import { createServices, type Services } from './services.js';
import { ROLES } from './shared/roles.js';
import { newSecret } from './modules/auth/secrets.js';
import { modules } from './modules/index.js';

const print = (json: boolean | undefined, data: unknown, text: () => string) =>
  console.log(json ? JSON.stringify(data, null, 2) : text());

/** Opens the database for one command, refusing politely if a server holds the PGlite directory. */
async function withServices<T>(fn: (services: Services, database: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  assertDataDirFree(config);
  const database = await openDatabase(config);
  try {
    return await fn(createServices({ db: database.db, clock: clockFor(config), config }), database, config);
  } finally {
    await database.close();
  }
}

const program = new Command('tenure').description('Tenure — customer success platform').showHelpAfterError();

program
  .command('start')
  .description('Start the server (API and web UI); loads the demo company on the first start')
  .option(
    '--no-worker',
    'serve only: run no jobs here, separate `tenure worker` processes do (PostgreSQL; same as TENURE_WORKER=off)',
  )
  .action(async (opts: { worker: boolean }) => {
    await startServer(loadConfig(), { worker: opts.worker });
  });

program
  .command('worker')
  .description('Run a job worker against DATABASE_URL (PostgreSQL); any number of workers share the queue')
  .action(async () => {
    const worker = await startWorker(loadConfig());
    const stop = async () => {
      await worker.stop();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

program
  .command('migrate')
  .description('Apply pending database migrations')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    const config = loadConfig();
    assertDataDirFree(config);
    const database = await connect({ databaseUrl: config.DATABASE_URL, dataDir: config.TENURE_DATA_DIR });
    try {
      const result = await migrate(database);
      print(opts.json, result, () =>
        result.applied.length ? `Applied ${result.applied.join(', ')}` : `Up to date (${result.current})`,
      );
    } finally {
      await database.close();
    }
  });

const demo = program.command('demo').description('Demo company');
demo
  .command('load')
  .description('Load the deterministic demo company (same seed, same data)')
  .option('--seed <n>', 'random seed', (v) => Number.parseInt(v, 10))
  .option('--json', 'print JSON')
  .action(async (opts: { seed?: number; json?: boolean }) => {
    await withServices(async (services, _db, config) => {
      const result = await loadDemo(services, {
        seed: opts.seed ?? config.TENURE_DEMO_SEED,
        timeZone: config.TENURE_TIMEZONE,
        currency: config.TENURE_CURRENCY,
      });
      print(opts.json, result, () =>
        result.skipped
          ? 'The demo company is already loaded; nothing changed.'
          : `Demo company loaded: ${result.accounts} accounts, ${result.contacts} contacts, ${result.users} team members.${result.prediction ? ` Churn model trained on ${result.prediction.n} outcomes: ROC AUC ${result.prediction.auc}.` : ''}`,
      );
    });
  });

const users = program.command('users').description('Team members');
users
  .command('create')
  .description('Create a team member')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .addOption(new Option('--role <role>').choices([...ROLES]).makeOptionMandatory())
  .option('--password <password>', 'initial password (generated and printed when omitted)')
  .option('--json', 'print JSON')
  .action(
    async (opts: { email: string; name: string; role: (typeof ROLES)[number]; password?: string; json?: boolean }) => {
      const password = opts.password ?? newSecret(12);
      await withServices(async ({ users: service }) => {
        const user = await service.create(cliActor, { email: opts.email, name: opts.name, role: opts.role, password });
        print(
          opts.json,
          { ...user, ...(opts.password ? {} : { password }) },
          () =>
            `Created ${user.role} ${user.name} <${user.email}>${opts.password ? '' : `\nPassword (shown once): ${password}`}`,
        );
      });
    },
  );
users
  .command('list')
  .description('List team members')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    await withServices(async ({ users: service }) => {
      const list = await service.list();
      print(opts.json, list, () =>
        list
          .map((u) => `${u.role.padEnd(11)} ${u.email.padEnd(32)} ${u.name}${u.active ? '' : ' (inactive)'}`)
          .join('\n'),
      );
    });
  });

// Every module's own commands (src/modules/index.ts: tokens, keys, import, health, model …), in list order.
for (const module of modules)
  module.cli?.(program, { withServices: (fn) => withServices((services, _db, config) => fn(services, config)), print });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError || error instanceof DataDirBusyError) {
    console.error(error.message);
    process.exit(1);
  }
  if (error instanceof AppError) {
    // A service's refusal (a weak password …) reads as the API phrases it, in TENURE_LOCALE.
    console.error(errorBody(error, loadConfig().TENURE_LOCALE).error.message);
    process.exit(1);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
