/**
 * Training and validation, pure (no database): the service gathers the rows, this fits and
 * judges the model. Validation is time-based when every example has an outcome date and both
 * periods hold enough of each class (train on the earlier 80 %, validate on the latest 20 %);
 * otherwise stratified k-fold cross-validation with a fixed seed. The stored model is then fitted
 * on every example.
 */
import { type Encoder, encodeRows, type FeatureSpec, fitEncoder, type RawRow } from './encoding.js';
import { brierScore, type ReliabilityBin, reliabilityBins, rocAuc, stratifiedFolds } from './evaluation.js';
import { fitLogistic, predictLogistic } from './logistic.js';

export interface Example {
  row: RawRow;
  /** 1 churned, 0 retained. */
  label: number;
  /** When the outcome happened (YYYY-MM-DD); null when only the outcome is known (imported). */
  outcomeOn: string | null;
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
  /** For the time-based split: validation outcomes on or after this day. */
  splitOn?: string;
}

export interface TrainOptions {
  k?: number;
  seed?: number;
  lambda?: number;
  /** Called with 0–1 as folds finish. */
  onProgress?: (share: number) => void | Promise<void>;
}

/** Fewest examples of each class for a fit, and for a time-based validation period. */
export const MIN_PER_CLASS = 5;

export function fitModel(specs: FeatureSpec[], examples: Example[], lambda = 1): StoredModel {
  const encoder = fitEncoder(specs, examples.map((e) => e.row));
  const fit = fitLogistic(encodeRows(encoder, examples.map((e) => e.row)), examples.map((e) => e.label), { lambda });
  return { kind: 'logistic_l2', lambda, encoder, intercept: fit.intercept, weights: fit.weights };
}

export function churnProbabilities(model: StoredModel, rows: RawRow[]): number[] {
  return predictLogistic(model, encodeRows(model.encoder, rows));
}

const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

function timeSplit(examples: Example[]): { train: number[]; test: number[]; splitOn: string } | null {
  if (examples.some((e) => !e.outcomeOn)) return null;
  const order = examples.map((_, i) => i).sort((a, b) => (examples[a].outcomeOn! < examples[b].outcomeOn! ? -1 : examples[a].outcomeOn! > examples[b].outcomeOn! ? 1 : a - b));
  const cut = Math.floor(order.length * 0.8);
  // Outcomes of the same day stay on one side.
  let at = cut;
  while (at > 0 && examples[order[at]].outcomeOn === examples[order[at - 1]].outcomeOn) at--;
  const train = order.slice(0, at);
  const test = order.slice(at);
  const enough = (idx: number[]) => {
    const pos = idx.filter((i) => examples[i].label === 1).length;
    return pos >= MIN_PER_CLASS && idx.length - pos >= MIN_PER_CLASS;
  };
  if (!enough(train) || !enough(test)) return null;
  return { train, test, splitOn: examples[order[at]].outcomeOn! };
}

export async function validate(specs: FeatureSpec[], examples: Example[], { k = 5, seed = 42, lambda = 1, onProgress }: TrainOptions = {}): Promise<Validation> {
  const labels = examples.map((e) => e.label);
  const split = timeSplit(examples);
  const plan = split
    ? [split]
    : (() => {
        const folds = stratifiedFolds(labels, k, seed);
        return Array.from({ length: k }, (_, f) => ({
          train: folds.flatMap((x, i) => (x !== f ? [i] : [])),
          test: folds.flatMap((x, i) => (x === f ? [i] : [])),
        }));
      })();
  const foldAucs: number[] = [];
  const outOfFold: { p: number; y: number }[] = [];
  for (const [index, part] of plan.entries()) {
    const model = fitModel(specs, part.train.map((i) => examples[i]), lambda);
    const p = churnProbabilities(model, part.test.map((i) => examples[i].row));
    const y = part.test.map((i) => labels[i]);
    const auc = rocAuc(p, y);
    if (auc !== null) foldAucs.push(round(auc));
    p.forEach((v, i) => outOfFold.push({ p: v, y: y[i] }));
    await onProgress?.((index + 1) / plan.length);
  }
  const probabilities = outOfFold.map((o) => o.p);
  const ys = outOfFold.map((o) => o.y);
  return {
    method: split ? 'time' : 'cv',
    folds: foldAucs,
    auc: round(foldAucs.reduce((s, v) => s + v, 0) / Math.max(foldAucs.length, 1)),
    brier: round(brierScore(probabilities, ys)),
    calibration: reliabilityBins(probabilities, ys).map((b) => ({ ...b, meanPredicted: b.meanPredicted === null ? null : round(b.meanPredicted), observedRate: b.observedRate === null ? null : round(b.observedRate) })),
    ...(split ? { splitOn: split.splitOn } : {}),
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
  model.encoder.columns.forEach((c, i) => byFeature.set(c.feature, (byFeature.get(c.feature) ?? 0) + model.weights[i] * z[i]));
  const specs = new Map(model.encoder.features.map((f) => [f.key, f]));
  return [...byFeature]
    .filter(([, c]) => Math.abs(c) > 1e-6)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, count)
    .map(([feature, contribution]) => {
      const value = row[feature];
      const level = specs.get(feature)?.kind === 'categorical' ? (value === null || value === undefined || value === '' ? '(blank)' : String(value)) : null;
      return { feature, level, contribution: round(contribution), direction: contribution > 0 ? 'down' : 'up' };
    });
}

/** Coefficients per encoded column, for the model page. */
export function coefficients(model: StoredModel) {
  return model.encoder.columns.map((c, i) => ({ feature: c.feature, role: c.role, level: c.level ?? null, coefficient: round(model.weights[i]) }));
}
