import type { Command } from 'commander';
import type { CliContext } from '../module.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import { cliActor } from '../audit/actor.js';

/** `tenure rules run` and `tenure ctas list`: the same work as the scheduled job and the cockpit. */
export function registerCtaCommands(program: Command, { withServices, print }: CliContext) {
  const rules = program.command('rules').description('CTA rules');
  rules
    .command('run')
    .description('Evaluate every enabled rule now (TENURE_NOW honoured): open and auto-close CTAs')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withServices(async ({ ctas }) => {
        const result = await ctas.runRules({ actor: cliActor });
        print(opts.json, result, () =>
          [
            `Rules evaluated as of ${result.asOf}: ${result.rules}; CTAs opened ${result.opened}, closed ${result.closed}, woken from snooze ${result.reopened}.`,
            ...result.byRule.map(
              (r) =>
                `  ${(r.key ?? r.ruleId).padEnd(20)} opened ${String(r.opened).padStart(4)}  closed ${String(r.closed).padStart(4)}${r.evaluated ? '' : '  (not evaluated: data source not wired)'}`,
            ),
          ].join('\n'),
        );
      });
    });

  const ctaCommand = program.command('ctas').description('Calls to Action');
  ctaCommand
    .command('list')
    .description('Open and snoozed CTAs, optionally of one account')
    .option('--account <externalId>', 'account external id')
    .option('--json', 'print JSON')
    .action(async (opts: { account?: string; json?: boolean }) => {
      await withServices(async ({ ctas, db }) => {
        let accountIds: string[] | undefined;
        if (opts.account) {
          const account = await db
            .selectFrom(liveAccounts(db).as('a'))
            .select('a.id')
            .where('a.external_id', '=', opts.account)
            .executeTakeFirst();
          if (!account) throw new Error(`No account with external id "${opts.account}"`);
          accountIds = [account.id];
        }
        const items = await ctas.listOpen({ accountIds });
        print(opts.json, { items, total: items.length }, () =>
          items.length
            ? items
                .map(
                  (c) =>
                    `${c.dueOn}  ${c.priority.padEnd(6)} ${c.type.padEnd(10)} ${c.status.padEnd(7)} ${c.accountName} — ${c.title ?? c.ruleName ?? c.reasonKey}${c.flagged ? '  [flagged]' : ''}  (${c.ownerName ?? 'unassigned'})`,
                )
                .join('\n')
            : 'No open CTAs.',
        );
      });
    });
}
