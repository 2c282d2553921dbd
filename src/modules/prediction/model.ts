/**
 * Training and validation, pure (no database): the service gathers the rows, this fits and
 * judges the model. Validation is time-based when every example has a cut-off and an outcome
 * date and both periods hold enough of each class (validate on the latest cut-offs, about 20 %
 * of the examples; train on the examples whose outcome was known by then); otherwise stratified
 * k-fold cross-validation with a fixed seed, an account's examples kept in one fold. The AUC
 * comes with a cluster-bootstrap interval, and a verdict that refuses to call a model predictive
 * on too few examples. The stored model is then fitted on every example.
 */
import { type Encoder, encodeRows, type FeatureSpec, fitEncoder, type RawRow } from './encoding.js';
import { rocAuc, standardDeviation } from '../../shared/stats.js';
import {
  bootstrapAucInterval,
  brierScore,
  groupedStratifiedFolds,
  type ReliabilityBin,
  reliabilityBins,
} from './evaluation.js';
import { fitLogistic, predictLogistic } from './logistic.js';

export interface Example {
  row: RawRow;
  /** 1 churned, 0 retained. */
  label: number;
  /** When the outcome became known (cut-off + horizon, YYYY-MM-DD); null when only the outcome is known (imported). */
  outcomeOn: string | null;
  /** The day the features are computed as of (YYYY-MM-DD); examples of both classes share these days. */
  cutoff?: string;
  /** The account: its examples at several cut-offs stay together in cross-validation and the bootstrap. */
  group?: string;
}

export interface StoredModel {
  kind: 'logistic_l2';
  lambda: number;
  encoder: Encoder;
  intercept: number;
  weights: number[];
}

export interface Validation {
  method: 'time' | 'cv';
  /** ROC AUC of each validation fold (one entry for the time-based split). */
  folds: number[];
  auc: number;
  brier: number;
  calibration: ReliabilityBin[];
  /** For the time-based split: the first validation cut-off day. */
  splitOn?: string;
  /** 95 % cluster-bootstrap interval of the AUC over the validation predictions. */
  aucInterval: { low: number; high: number } | null;
  /** Standard deviation of the fold AUCs (null with one fold). */
  aucFoldSd: number | null;
  /** 'too_few' below MIN_TO_JUDGE examples of the smaller class; 'predictive' when the interval lies above ½. */
  verdict: Verdict;
}

export type Verdict = 'predictive' | 'not_predictive' | 'too_few';

export interface TrainOptions {
  k?: number;
  seed?: number;
  lambda?: number;
  /** Called with 0–1 as folds finish. */
  onProgress?: (share: number) => void | Promise<void>;
}

/** Fewest examples of each class for a fit, and for a time-based validation period. */
export const MIN_PER_CLASS = 5;
/** Fewest examples of the smaller class before a model may be called predictive. */
export const MIN_TO_JUDGE = 30;

export function verdictOf(positives: number, n: number, interval: { low: number } | null): Verdict {
  if (Math.min(positives, n - positives) < MIN_TO_JUDGE) return 'too_few';
  return interval && interval.low > 0.5 ? 'predictive' : 'not_predictive';
}

export function fitModel(specs: FeatureSpec[], examples: Example[], lambda = 1): StoredModel {
  const encoder = fitEncoder(
    specs,
    examples.map((e) => e.row),
  );
  const fit = fitLogistic(
    encodeRows(
      encoder,
      examples.map((e) => e.row),
    ),
    examples.map((e) => e.label),
    { lambda },
  );
  return { kind: 'logistic_l2', lambda, encoder, intercept: fit.intercept, weights: fit.weights };
}

export function churnProbabilities(model: StoredModel, rows: RawRow[]): number[] {
  return predictLogistic(model, encodeRows(model.encoder, rows));
}

const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Latest cut-offs for validation (from the newest back, until they hold 20 % of the examples);
 * training gets only the examples whose outcome was known on the first validation cut-off, so the
 * split never trains on the future of what it validates.
 */
function timeSplit(examples: Example[]): { train: number[]; test: number[]; splitOn: string } | null {
  if (examples.some((e) => !e.outcomeOn || !e.cutoff)) return null;
  const cutoffs = [...new Set(examples.map((e) => e.cutoff!))].sort().reverse();
  if (cutoffs.length < 2) return null;
  const perCutoff = new Map<string, number>();
  for (const e of examples) perCutoff.set(e.cutoff!, (perCutoff.get(e.cutoff!) ?? 0) + 1);
  let splitOn = cutoffs[0];
  let held = perCutoff.get(splitOn)!;
  for (const c of cutoffs.slice(1)) {
    if (held >= examples.length * 0.2) break;
    splitOn = c;
    held += perCutoff.get(c)!;
  }
  const test = examples.flatMap((e, i) => (e.cutoff! >= splitOn ? [i] : []));
  const train = examples.flatMap((e, i) => (e.outcomeOn! <= splitOn ? [i] : []));
  const enough = (idx: number[]) => {
    const pos = idx.filter((i) => examples[i].label === 1).length;
    return pos >= MIN_PER_CLASS && idx.length - pos >= MIN_PER_CLASS;
  };
  if (!enough(train) || !enough(test)) return null;
  return { train, test, splitOn };
}

export async function validate(
  specs: FeatureSpec[],
  examples: Example[],
  { k = 5, seed = 42, lambda = 1, onProgress }: TrainOptions = {},
): Promise<Validation> {
  const labels = examples.map((e) => e.label);
  const groups = examples.map((e, i) => e.group ?? String(i));
  const split = timeSplit(examples);
  const plan = split
    ? [split]
    : (() => {
        const folds = groupedStratifiedFolds(labels, groups, k, seed);
        return Array.from({ length: k }, (_, f) => ({
          train: folds.flatMap((x, i) => (x !== f ? [i] : [])),
          test: folds.flatMap((x, i) => (x === f ? [i] : [])),
        }));
      })();
  const foldAucs: number[] = [];
  const outOfFold: { p: number; y: number; g: string }[] = [];
  for (const [index, part] of plan.entries()) {
    const model = fitModel(
      specs,
      part.train.map((i) => examples[i]),
      lambda,
    );
    const p = churnProbabilities(
      model,
      part.test.map((i) => examples[i].row),
    );
    const y = part.test.map((i) => labels[i]);
    const auc = rocAuc(p, y);
    if (auc !== null) foldAucs.push(round(auc));
    p.forEach((v, i) => outOfFold.push({ p: v, y: y[i], g: groups[part.test[i]] }));
    await onProgress?.((index + 1) / plan.length);
  }
  const probabilities = outOfFold.map((o) => o.p);
  const ys = outOfFold.map((o) => o.y);
  const interval = bootstrapAucInterval(
    probabilities,
    ys,
    outOfFold.map((o) => o.g),
  );
  const aucInterval = interval ? { low: round(interval.low), high: round(interval.high) } : null;
  const sd = standardDeviation(foldAucs);
  // Judged on what was validated: every example under cross-validation, the latest period under the time split.
  const positives = ys.filter((l) => l === 1).length;
  return {
    method: split ? 'time' : 'cv',
    folds: foldAucs,
    auc: round(foldAucs.reduce((s, v) => s + v, 0) / Math.max(foldAucs.length, 1)),
    brier: round(brierScore(probabilities, ys)),
    calibration: reliabilityBins(probabilities, ys).map((b) => ({
      ...b,
      meanPredicted: b.meanPredicted === null ? null : round(b.meanPredicted),
      observedRate: b.observedRate === null ? null : round(b.observedRate),
    })),
    ...(split ? { splitOn: split.splitOn } : {}),
    aucInterval,
    aucFoldSd: sd === null ? null : round(sd),
    verdict: verdictOf(positives, ys.length, aucInterval),
  };
}

export interface Factor {
  feature: string;
  /** The level of a categorical feature, or null. */
  level: string | null;
  /** Log-odds of churn this feature adds for the account (coefficient × standardised value). */
  contribution: number;
  /** 'up' raises the renewal probability, 'down' lowers it. */
  direction: 'up' | 'down';
}

/**
 * The features that moved one account's prediction most, largest first. A categorical feature's
 * level columns are summed (its effect is one thing: being in this level, not in the others);
 * a numeric feature's value and missing indicator likewise.
 */
export function topFactors(model: StoredModel, row: RawRow, count = 5): Factor[] {
  const [z] = encodeRows(model.encoder, [row]);
  const byFeature = new Map<string, number>();
  model.encoder.columns.forEach((c, i) =>
    byFeature.set(c.feature, (byFeature.get(c.feature) ?? 0) + model.weights[i] * z[i]),
  );
  const specs = new Map(model.encoder.features.map((f) => [f.key, f]));
  return [...byFeature]
    .filter(([, c]) => Math.abs(c) > 1e-6)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, count)
    .map(([feature, contribution]) => {
      const value = row[feature];
      const level =
        specs.get(feature)?.kind === 'categorical'
          ? value === null || value === undefined || value === ''
            ? '(blank)'
            : String(value)
          : null;
      return { feature, level, contribution: round(contribution), direction: contribution > 0 ? 'down' : 'up' };
    });
}

/** Coefficients per encoded column, for the model page. */
export function coefficients(model: StoredModel) {
  return model.encoder.columns.map((c, i) => ({
    feature: c.feature,
    role: c.role,
    level: c.level ?? null,
    coefficient: round(model.weights[i]),
  }));
}
