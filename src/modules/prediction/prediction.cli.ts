import type { Command } from 'commander';
import { cliActor } from '../audit/actor.js';
import type { CliContext } from '../module.js';

/** `tenure model train|score`: the churn model (docs/prediction.md). */
export function registerPredictionCommands(program: Command, { withServices, print }: CliContext) {
  const modelCommand = program.command('model').description('Renewal / churn prediction (docs/prediction.md)');
  modelCommand
    .command('train')
    .description(
      'Train the churn model on every account with a known outcome, validate it, and score the active accounts',
    )
    .option(
      '--features <list>',
      'comma-separated built-in feature families and/or account attributes (name:numeric / name:categorical overrides the type)',
    )
    .option('--horizon <days>', 'days between the feature cut-off and a historical outcome (default 90)', (v) =>
      Number.parseInt(v, 10),
    )
    .option('--json', 'print JSON')
    .action(async (opts: { features?: string; horizon?: number; json?: boolean }) => {
      if (opts.horizon !== undefined && !(opts.horizon >= 1 && opts.horizon <= 730))
        throw new Error('--horizon must be a number of days between 1 and 730');
      const features = opts.features
        ?.split(',')
        .map((f) => f.trim())
        .filter(Boolean);
      await withServices(async ({ prediction }) => {
        const result = await prediction.train({ features, horizonDays: opts.horizon }, cliActor);
        print(opts.json, result, () =>
          [
            `ROC AUC ${result.auc}${result.aucInterval ? ` (95% interval ${result.aucInterval.low}–${result.aucInterval.high})` : ''} (${result.validation === 'cv' ? `${result.folds.length}-fold stratified cross-validation` : `time-based split, validation cut-offs from ${result.splitOn}`}; folds ${result.folds.join(', ')}${result.aucFoldSd === null ? '' : `, sd ${result.aucFoldSd}`})`,
            result.verdict === 'predictive'
              ? 'Predictive: the interval lies above 0.5.'
              : result.verdict === 'too_few'
                ? 'Too few examples of the smaller class (under 30) to call the model predictive.'
                : 'Not shown to be predictive: the interval reaches 0.5.',
            `${result.n} examples (${result.positives} churned)${result.cutoffs.length ? ` at ${result.cutoffs.length} cut-off days ${result.cutoffs.at(-1)} … ${result.cutoffs[0]}` : ''}, Brier score ${result.brier}`,
            result.droppedForHistory
              ? `${result.droppedForHistory} examples dropped: their usage windows reach back before the usage history.`
              : '',
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
        print(opts.json, result, () =>
          result.modelId
            ? `Scored ${result.scored} active accounts with model ${result.modelId}.`
            : 'No model yet: run tenure model train first.',
        );
      });
    });
}
