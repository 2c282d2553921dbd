/** `tenure health …`: the same work as the jobs and the API, run now. */
import type { Command } from 'commander';
import { healthDaySchema } from '../../shared/health.js';
import type { CliContext } from '../module.js';

const day = (name: string) => (value: string) => {
  if (!healthDaySchema.safeParse(value).success)
    throw new Error(`${name} must be a day in YYYY-MM-DD form, got "${value}"`);
  return value;
};

export function registerHealthCommands(program: Command, { withServices, print }: CliContext) {
  const health = program.command('health').description('Health scores');
  health
    .command('recompute')
    .description('Score every account on every active scorecard as of a day (default today), in one set-based pass')
    .option('--as-of <day>', 'the day to score as of (YYYY-MM-DD)', day('--as-of'))
    .option('--history <days>', 'also the days before: this many days up to --as-of', (v) => Number.parseInt(v, 10))
    .option('--accounts <ids>', 'only these account ids (comma-separated)', (v) => v.split(',').filter(Boolean))
    .option('--json', 'print JSON')
    .action(async (opts: { asOf?: string; history?: number; accounts?: string[]; json?: boolean }) => {
      await withServices(async ({ health: service }) => {
        const result = await service.recompute({
          asOfDay: opts.asOf,
          historyDays: opts.history,
          accountIds: opts.accounts,
        });
        print(
          opts.json,
          result,
          () =>
            `Scored ${result.accounts} accounts on ${result.scorecards} scorecards over ${result.days} day(s) in ${result.seconds} s.`,
        );
      });
    });
  health
    .command('backtest')
    .description(
      'How well a scorecard, 90 days before each renewal, separated accounts that churned from those that renewed',
    )
    .option('--scorecard <id>', 'scorecard id (default: the primary one)')
    .option('--from <day>', 'first renewal day (default: a year ago, not before usage data allows)', day('--from'))
    .option('--to <day>', 'last renewal day (default: today)', day('--to'))
    .option('--lead-days <n>', 'score this many days before each renewal (default 90)', (v) => Number.parseInt(v, 10))
    .option('--json', 'print JSON')
    .action(async (opts: { scorecard?: string; from?: string; to?: string; leadDays?: number; json?: boolean }) => {
      await withServices(async ({ health: service }) => {
        const result = await service.backtest({
          scorecardId: opts.scorecard,
          from: opts.from,
          to: opts.to,
          leadDays: opts.leadDays,
        });
        const verdict = {
          predictive: 'the score predicts churn',
          weak: 'the score predicts churn only weakly',
          not_predictive: 'this score does not predict churn',
          insufficient: 'not enough churned and renewed accounts to tell',
        }[result.verdict];
        print(opts.json, result, () =>
          [
            `${result.scorecardName}: renewals ${result.from} … ${result.to}, scored ${result.leadDays} days before`,
            `${result.scored} of ${result.events} renewal events scored: ${result.churned} churned, ${result.renewed} renewed`,
            `ROC AUC ${result.auc ?? '—'}: ${verdict}`,
            ...result.bands.map(
              (b) =>
                `${b.color.padEnd(7)} ${String(b.accounts).padStart(5)} accounts  churn rate ${b.churnRate === null ? '—' : `${(b.churnRate * 100).toFixed(1)} %`}`,
            ),
          ].join('\n'),
        );
      });
    });
}
