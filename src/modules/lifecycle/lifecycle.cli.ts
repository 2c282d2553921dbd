import type { Command } from 'commander';
import { cliActor } from '../audit/actor.js';
import type { CliContext } from '../module.js';

/** `tenure lifecycle run`: the nightly stage recompute, now. */
export function registerLifecycleCommands(program: Command, { withServices, print }: CliContext) {
  const lifecycleCommand = program.command('lifecycle').description('Lifecycle stages');
  lifecycleCommand
    .command('run')
    .description("Recompute every account's lifecycle stage now (the worker does it daily); honours TENURE_NOW")
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withServices(async ({ lifecycle }) => {
        const result = await lifecycle.run(cliActor);
        print(opts.json, result, () =>
          [
            `Lifecycle as of ${result.asOf}: ${result.changed.length} accounts changed stage.`,
            ...result.changed.map((c) => `  ${c.accountId}  ${c.from ?? '—'} → ${c.to}`),
          ].join('\n'),
        );
      });
    });
}
