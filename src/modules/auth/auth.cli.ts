import { type Command, Option } from 'commander';
import { ROLES } from '../../shared/roles.js';
import { cliActor } from '../audit/actor.js';
import type { CliContext } from '../module.js';

/** `tenure tokens …`: API tokens for scripts. */
export function registerAuthCommands(program: Command, { withServices, print }: CliContext) {
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
        print(
          opts.json,
          token,
          () => `${token.token}\n(API token "${token.name}", role ${token.role}: copy it now, it is not shown again)`,
        );
      });
    });
  tokens
    .command('list')
    .description('List API tokens')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withServices(async ({ auth }) => {
        const list = await auth.listTokens();
        print(opts.json, list, () =>
          list.map((t) => `${t.prefix}…  ${t.role.padEnd(11)} ${t.name}${t.revoked_at ? ' (revoked)' : ''}`).join('\n'),
        );
      });
    });
}
