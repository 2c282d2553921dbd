import type { Command } from 'commander';
import type { CliContext } from '../module.js';

/** `tenure renewals list|forecast`: the renewal centre. */
export function registerRenewalCommands(program: Command, { withServices, print }: CliContext) {
  const renewalsCommand = program.command('renewals').description('Renewal centre');
  renewalsCommand
    .command('list')
    .description('Contracts renewing in the next N days (ARR in minor units of the base currency)')
    .option('--days <n>', 'window in days (1–180)', '90')
    .option('--json', 'print JSON')
    .action(async (opts: { days: string; json?: boolean }) => {
      const days = Number(opts.days);
      if (!Number.isInteger(days) || days < 1 || days > 180)
        throw new Error(`--days must be a whole number from 1 to 180, got "${opts.days}"`);
      await withServices(async ({ renewals }) => {
        const list = await renewals.upcoming({ days, pageSize: 100_000 });
        print(opts.json, list, () =>
          [
            `renews on   days ${'ARR'.padStart(14)}  p     category  account (${list.currency})`,
            ...list.items.map(
              (r) =>
                `${r.renewsOn}  ${String(r.daysLeft).padStart(4)} ${(r.arrMinor / 100).toFixed(2).padStart(14)}  ${r.probability.toFixed(2)}  ${r.category.padEnd(9)} ${r.accountName}`,
            ),
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
            .map((w) =>
              [
                `next ${w.days} days (${forecast.currency}): ${w.renewals} renewals, pipeline ${money(w.pipelineMinor)}, forecast ${money(w.forecastMinor)}, committed ${money(w.committedMinor)}`,
                ...w.byOwner.map((g) => `  ${money(g.forecastMinor)}  ${g.name ?? '(no CSM)'}`),
              ].join('\n'),
            )
            .join('\n'),
        );
      });
    });
}
