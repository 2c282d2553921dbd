import type { Command } from 'commander';
import { cliActor } from '../audit/actor.js';
import type { CliContext } from '../module.js';
import { createProcessor } from './processor.js';

/** `tenure keys …` (write keys of the tracking API) and `tenure events …` (raw events, roll-ups). */
export function registerTrackingCommands(program: Command, { withServices, print }: CliContext) {
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
        print(opts.json, list, () =>
          list.map((k) => `${k.id}  ${k.prefix}…  ${k.name}${k.revoked_at ? ' (revoked)' : ''}`).join('\n'),
        );
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
    .description(
      'Apply waiting identify/group traits and bring the daily roll-ups up to date (the server does this by itself)',
    )
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withServices(async ({ tracking, usage }) => {
        const processor = createProcessor({ tracking, usage });
        await processor.runNow();
        const result = { pending: await usage.pendingRollUps() };
        print(opts.json, result, () => `Roll-ups are up to date (${result.pending} events waiting).`);
      });
    });
}
