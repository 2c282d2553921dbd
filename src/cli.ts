import fs from 'node:fs';
import { Argument, Command, Option } from 'commander';
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
import { createProcessor } from './modules/tracking/processor.js';
import { IMPORT_KINDS, type ImportKind } from './modules/imports/imports.service.js';
import { registerHealthCommands } from './modules/health/health.cli.js';
import { registerCtaCommands } from './modules/ctas/ctas.cli.js';

const print = (json: boolean | undefined, data: unknown, text: () => string) => console.log(json ? JSON.stringify(data, null, 2) : text());

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
  .action(async () => {
    await startServer(loadConfig());
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
      print(opts.json, result, () => (result.applied.length ? `Applied ${result.applied.join(', ')}` : `Up to date (${result.current})`));
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
      const result = await loadDemo(services, { seed: opts.seed ?? config.TENURE_DEMO_SEED, timeZone: config.TENURE_TIMEZONE, currency: config.TENURE_CURRENCY });
      print(opts.json, result, () =>
        result.skipped ? 'The demo company is already loaded; nothing changed.' : `Demo company loaded: ${result.accounts} accounts, ${result.contacts} contacts, ${result.users} team members.${result.prediction ? ` Churn model trained on ${result.prediction.n} outcomes: ROC AUC ${result.prediction.auc}.` : ''}`,
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
  .action(async (opts: { email: string; name: string; role: (typeof ROLES)[number]; password?: string; json?: boolean }) => {
    const password = opts.password ?? newSecret(12);
    await withServices(async ({ users: service }) => {
      const user = await service.create(cliActor, { email: opts.email, name: opts.name, role: opts.role, password });
      print(opts.json, { ...user, ...(opts.password ? {} : { password }) }, () =>
        `Created ${user.role} ${user.name} <${user.email}>${opts.password ? '' : `\nPassword (shown once): ${password}`}`,
      );
    });
  });
users
  .command('list')
  .description('List team members')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    await withServices(async ({ users: service }) => {
      const list = await service.list();
      print(opts.json, list, () => list.map((u) => `${u.role.padEnd(11)} ${u.email.padEnd(32)} ${u.name}${u.active ? '' : ' (inactive)'}`).join('\n'));
    });
  });

const tokens = program.command('tokens').description('API tokens for scripts');
tokens
  .command('create')
  .description('Create an API token; the token is printed once')
  .addOption(new Option('--role <role>').choices([...ROLES]).makeOptionMandatory())
  .requiredOption('--name <name>')
  .option('--json', 'print JSON')
  .action(async (opts: { role: (typeof ROLES)[number]; name: string; json?: boolean }) => {
    await withServices(async ({ auth }) => {
      const token = await auth.createToken(cliActor, { name: opts.name, role: opts.role });
      print(opts.json, token, () => `${token.token}\n(API token "${token.name}", role ${token.role}: copy it now, it is not shown again)`);
    });
  });
tokens
  .command('list')
  .description('List API tokens')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    await withServices(async ({ auth }) => {
      const list = await auth.listTokens();
      print(opts.json, list, () => list.map((t) => `${t.prefix}…  ${t.role.padEnd(11)} ${t.name}${t.revoked_at ? ' (revoked)' : ''}`).join('\n'));
    });
  });

const keys = program.command('keys').description('Write keys for the tracking API (/v1/*): ingest only');
keys
  .command('create')
  .description('Create a write key; the key is printed once')
  .requiredOption('--name <name>')
  .option('--json', 'print JSON')
  .action(async (opts: { name: string; json?: boolean }) => {
    await withServices(async ({ writeKeys }) => {
      const key = await writeKeys.create(cliActor, { name: opts.name });
      print(opts.json, key, () => `${key.key}\n(write key "${key.name}": copy it now, it is not shown again)`);
    });
  });
keys
  .command('list')
  .description('List write keys')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    await withServices(async ({ writeKeys }) => {
      const list = await writeKeys.list();
      print(opts.json, list, () => list.map((k) => `${k.id}  ${k.prefix}…  ${k.name}${k.revoked_at ? ' (revoked)' : ''}`).join('\n'));
    });
  });
keys
  .command('revoke')
  .description('Revoke a write key: its senders get 401 from then on')
  .argument('<id>', 'write key id (see keys list)')
  .option('--json', 'print JSON')
  .action(async (id: string, opts: { json?: boolean }) => {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`Not a write key id: ${id} (see tenure keys list)`);
    await withServices(async ({ writeKeys }) => {
      const key = await writeKeys.revoke(cliActor, id);
      print(opts.json, key, () => `Revoked write key "${key.name}" (${key.prefix}…)`);
    });
  });

const events = program.command('events').description('Product usage events');
events
  .command('purge')
  .description('Delete raw events older than the retention setting (default 400 days); roll-ups stay')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    await withServices(async ({ usage }) => {
      const result = await usage.purge();
      print(opts.json, result, () => `Deleted ${result.deleted} raw events dated before ${result.before}.`);
    });
  });
events
  .command('rollup')
  .description('Apply waiting identify/group traits and bring the daily roll-ups up to date (the server does this by itself)')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    await withServices(async ({ tracking, usage }) => {
      const processor = createProcessor({ tracking, usage });
      await processor.runNow();
      const result = { pending: await usage.pendingRollUps() };
      print(opts.json, result, () => `Roll-ups are up to date (${result.pending} events waiting).`);
    });
  });

const parseMap = (value: string) =>
  Object.fromEntries(
    value
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const [from, to] = pair.split('=');
        if (!from || !to) throw new Error(`--map expects source=target pairs, got "${pair}"`);
        return [from.trim(), to.trim()];
      }),
  );

program
  .command('import')
  .description('Import a CSV or Excel (.xlsx) file; refused rows are reported with line, column and reason')
  .addArgument(new Argument('<kind>', 'what the file holds').choices([...IMPORT_KINDS]))
  .argument('<file>', 'path to a .csv or .xlsx file')
  .option('--map <pairs>', 'rename source columns: source=target,… (target: a Tenure column, attribute or ignore)', parseMap)
  .option('--outcome <column>', 'accounts: the column holding the known churn outcome (Yes/No, true/false, 1/0), stored as attributes.churn_outcome')
  .option('--types <pairs>', 'accounts: force custom attribute types: column=numeric|categorical,… (default: guessed from the values)', parseMap)
  .option('--json', 'print JSON')
  .action(async (kind: ImportKind, file: string, opts: { map?: Record<string, string>; outcome?: string; types?: Record<string, string>; json?: boolean }) => {
    if (!fs.existsSync(file)) throw new Error(`No such file: ${file}`);
    if (opts.outcome && kind !== 'accounts') throw new Error('--outcome is for accounts imports');
    if (opts.types && kind !== 'accounts') throw new Error('--types is for accounts imports');
    const bad = Object.entries(opts.types ?? {}).find(([, type]) => type !== 'numeric' && type !== 'categorical');
    if (bad) throw new Error(`--types: "${bad[0]}=${bad[1]}" must be numeric or categorical`);
    const types = opts.types as Record<string, 'numeric' | 'categorical'> | undefined;
    await withServices(async ({ imports }, _db, config) => {
      // Progress on a terminal only: scripts read the report.
      const tty = process.stderr.isTTY && !opts.json;
      const onProgress = tty
        ? (p: { rows: number; readBytes: number; totalBytes: number }) => {
            process.stderr.write(`\r${Math.floor((100 * p.readBytes) / Math.max(p.totalBytes, 1))}% · ${p.rows} rows`);
          }
        : undefined;
      const report = await imports.importFile(cliActor, kind, file, { map: opts.map, outcome: opts.outcome, types, locale: config.TENURE_LOCALE, onProgress });
      if (tty) process.stderr.write('\r\x1b[K');
      const created = report.createdAccountCount;
      print(opts.json, report, () =>
        [
          `${report.imported} of ${report.rows} rows imported from ${file}${report.refusedRows ? `; ${report.refusedRows} refused` : ''}.`,
          created
            ? `${kind === 'accounts' ? `Created ${created} new accounts` : `Created ${created} accounts named after their external ids`}: ${report.createdAccounts.slice(0, 20).join(', ')}${created > 20 ? ' …' : ''}`
            : '',
          report.attributeTypes && Object.keys(report.attributeTypes).length
            ? `Custom attributes: ${Object.entries(report.attributeTypes).map(([k, v]) => `${k} (${v})`).join(', ')}`
            : '',
          report.ignoredColumns.length ? `Ignored columns: ${report.ignoredColumns.join(', ')}` : '',
          ...report.refused.map((r) => `line ${r.line}${r.column ? `, ${r.column}` : ''}: ${r.message}`),
          report.refusedTruncated ? `… the first ${report.refused.length} problems are listed.` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });
  });

const modelCommand = program.command('model').description('Renewal / churn prediction (docs/prediction.md)');
modelCommand
  .command('train')
  .description('Train the churn model on every account with a known outcome, validate it, and score the active accounts')
  .option('--features <list>', 'comma-separated built-in feature families and/or account attributes (name:numeric / name:categorical overrides the type)')
  .option('--horizon <days>', 'days between the feature cut-off and a historical outcome (default 90)', (v) => Number.parseInt(v, 10))
  .option('--json', 'print JSON')
  .action(async (opts: { features?: string; horizon?: number; json?: boolean }) => {
    if (opts.horizon !== undefined && !(opts.horizon >= 1 && opts.horizon <= 730)) throw new Error('--horizon must be a number of days between 1 and 730');
    const features = opts.features?.split(',').map((f) => f.trim()).filter(Boolean);
    await withServices(async ({ prediction }) => {
      const result = await prediction.train({ features, horizonDays: opts.horizon }, cliActor);
      print(opts.json, result, () =>
        [
          `ROC AUC ${result.auc}${result.aucInterval ? ` (95% interval ${result.aucInterval.low}–${result.aucInterval.high})` : ''} (${result.validation === 'cv' ? `${result.folds.length}-fold stratified cross-validation` : `time-based split, validation cut-offs from ${result.splitOn}`}; folds ${result.folds.join(', ')}${result.aucFoldSd === null ? '' : `, sd ${result.aucFoldSd}`})`,
          result.verdict === 'predictive' ? 'Predictive: the interval lies above 0.5.' : result.verdict === 'too_few' ? 'Too few examples of the smaller class (under 30) to call the model predictive.' : 'Not shown to be predictive: the interval reaches 0.5.',
          `${result.n} examples (${result.positives} churned)${result.cutoffs.length ? ` at ${result.cutoffs.length} cut-off days ${result.cutoffs.at(-1)} … ${result.cutoffs[0]}` : ''}, Brier score ${result.brier}`,
          result.droppedForHistory ? `${result.droppedForHistory} examples dropped: their usage windows reach back before the usage history.` : '',
          `Features: ${result.features.join(', ')}`,
          result.leftOut.length ? `Left out (no history for past cut-offs): ${result.leftOut.join(', ')}` : '',
          `Scored ${result.scored} active accounts (model ${result.modelId}).`,
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });
  });
modelCommand
  .command('score')
  .description('Re-score the active accounts with the latest model (the daily job does this)')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    await withServices(async ({ prediction }) => {
      const result = await prediction.rescore();
      print(opts.json, result, () => (result.modelId ? `Scored ${result.scored} active accounts with model ${result.modelId}.` : 'No model yet: run tenure model train first.'));
    });
  });
const lifecycleCommand = program.command('lifecycle').description('Lifecycle stages');
lifecycleCommand
  .command('run')
  .description("Recompute every account's lifecycle stage now (the worker does it daily); honours TENURE_NOW")
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    await withServices(async ({ lifecycle }) => {
      const result = await lifecycle.run(cliActor);
      print(opts.json, result, () =>
        [`Lifecycle as of ${result.asOf}: ${result.changed.length} accounts changed stage.`, ...result.changed.map((c) => `  ${c.accountId}  ${c.from ?? '—'} → ${c.to}`)].join('\n'),
      );
    });
  });

const metricsCommand = program.command('metrics').description('SaaS revenue metrics');
metricsCommand
  .command('mrr')
  .description('Monthly MRR movements (amounts in minor units of the base currency)')
  .option('--from <YYYY-MM>')
  .option('--to <YYYY-MM>')
  .option('--segment <id>', 'segment id')
  .option('--plan <name>', 'plan name')
  .option('--csm <id>', 'owner CSM user id')
  .option('--json', 'print JSON')
  .action(async (opts: { from?: string; to?: string; segment?: string; plan?: string; csm?: string; json?: boolean }) => {
    for (const [name, value] of [['--from', opts.from], ['--to', opts.to]] as const) {
      if (value && !/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw new Error(`${name} must be a month in YYYY-MM form, got "${value}"`);
    }
    await withServices(async ({ metrics, segments }) => {
      // Like the Revenue page: by default up to the last complete month; the running one is partial.
      const to = opts.to ?? metrics.lastCompleteMonth();
      const from = opts.from ?? `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`;
      const report = await metrics.mrr(from, to, { segment: opts.segment ? await segments.rules(opts.segment) : undefined, plan: opts.plan, csmId: opts.csm });
      const money = (minor: number) => (minor / 100).toFixed(2).padStart(14);
      print(opts.json, report, () =>
        [
          `month     ${['starting', 'new', 'expansion', 'contraction', 'churned', 'reactivation', 'ending'].map((h) => h.padStart(14)).join('')}  customers (${report.currency})`,
          ...report.months.map(
            (m) =>
              `${m.month}   ${[m.startingMrr, m.newMrr, m.expansionMrr, m.contractionMrr, m.churnedMrr, m.reactivationMrr, m.endingMrr].map(money).join('')}  ${m.customers.ending}${m.partial ? '  (partial month, in progress)' : ''}`,
          ),
        ].join('\n'),
      );
    });
  });

registerHealthCommands(program, { withServices, print });
const renewalsCommand = program.command('renewals').description('Renewal centre');
renewalsCommand
  .command('list')
  .description('Contracts renewing in the next N days (ARR in minor units of the base currency)')
  .option('--days <n>', 'window in days (1–180)', '90')
  .option('--json', 'print JSON')
  .action(async (opts: { days: string; json?: boolean }) => {
    const days = Number(opts.days);
    if (!Number.isInteger(days) || days < 1 || days > 180) throw new Error(`--days must be a whole number from 1 to 180, got "${opts.days}"`);
    await withServices(async ({ renewals }) => {
      const list = await renewals.upcoming({ days, pageSize: 100_000 });
      print(opts.json, list, () =>
        [
          `renews on   days ${'ARR'.padStart(14)}  p     category  account (${list.currency})`,
          ...list.items.map((r) => `${r.renewsOn}  ${String(r.daysLeft).padStart(4)} ${(r.arrMinor / 100).toFixed(2).padStart(14)}  ${r.probability.toFixed(2)}  ${r.category.padEnd(9)} ${r.accountName}`),
          `${list.total} renewals`,
        ].join('\n'),
      );
    });
  });
renewalsCommand
  .command('forecast')
  .description('Renewal ARR forecast (Σ probability × ARR) for the next 90 and 180 days, by CSM and segment')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    await withServices(async ({ renewals }) => {
      const forecast = await renewals.forecast();
      const money = (minor: number) => (minor / 100).toFixed(2).padStart(14);
      print(opts.json, forecast, () =>
        forecast.windows
          .map((w) => [`next ${w.days} days (${forecast.currency}): ${w.renewals} renewals, pipeline ${money(w.pipelineMinor)}, forecast ${money(w.forecastMinor)}, committed ${money(w.committedMinor)}`, ...w.byOwner.map((g) => `  ${money(g.forecastMinor)}  ${g.name ?? '(no CSM)'}`)].join('\n'))
          .join('\n'),
      );
    });
  });
registerCtaCommands(program, (fn) => withServices((services) => fn(services)), print);

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
