import type { Command } from 'commander';
import type { CliContext } from '../module.js';

/** `tenure metrics mrr`: monthly MRR movements. */
export function registerMetricsCommands(program: Command, { withServices, print }: CliContext) {
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
    .action(
      async (opts: { from?: string; to?: string; segment?: string; plan?: string; csm?: string; json?: boolean }) => {
        for (const [name, value] of [
          ['--from', opts.from],
          ['--to', opts.to],
        ] as const) {
          if (value && !/^\d{4}-(0[1-9]|1[0-2])$/.test(value))
            throw new Error(`${name} must be a month in YYYY-MM form, got "${value}"`);
        }
        await withServices(async ({ metrics, segments }) => {
          // Like the Revenue page: by default up to the last complete month; the running one is partial.
          const to = opts.to ?? metrics.lastCompleteMonth();
          const from = opts.from ?? `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`;
          const report = await metrics.mrr(from, to, {
            segment: opts.segment ? await segments.rules(opts.segment) : undefined,
            plan: opts.plan,
            csmId: opts.csm,
          });
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
      },
    );
}
