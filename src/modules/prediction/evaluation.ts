/** Validation measures: stratified folds, the AUC's bootstrap interval, Brier score and reliability bins. */
import { aucOfTies, quantile, Rng, tieGroups } from '../../shared/stats.js';

/**
 * Fold number (0 … k−1) for each example: each class is shuffled with the seed and dealt round
 * the folds in turn, so every fold holds the same share of churned accounts (±1).
 */
export function stratifiedFolds(labels: number[], k: number, seed = 42): number[] {
  const rng = new Rng(seed);
  const folds = new Array<number>(labels.length).fill(0);
  let next = 0;
  for (const cls of [1, 0]) {
    const members = rng.shuffle(labels.map((l, i) => (l === cls ? i : -1)).filter((i) => i >= 0));
    // Continue dealing where the previous class stopped, so fold sizes stay balanced too.
    for (const index of members) folds[index] = next++ % k;
  }
  return folds;
}

/**
 * Stratified folds that keep every group (an account seen at several cut-off days) in one fold,
 * so validation never scores an account the model trained on. A group counts as churned when
 * any of its examples is. With one example per group this deals exactly like stratifiedFolds.
 */
export function groupedStratifiedFolds(labels: number[], groups: string[], k: number, seed = 42): number[] {
  const index = new Map<string, number>();
  const groupLabels: number[] = [];
  const groupOf = groups.map((g, i) => {
    let at = index.get(g);
    if (at === undefined) {
      at = groupLabels.length;
      index.set(g, at);
      groupLabels.push(0);
    }
    if (labels[i] === 1) groupLabels[at] = 1;
    return at;
  });
  const folds = stratifiedFolds(groupLabels, k, seed);
  return groupOf.map((g) => folds[g]);
}

/**
 * 95 % percentile interval of the ROC AUC by a cluster bootstrap: whole groups (accounts) are
 * drawn with replacement, since an account's examples at several cut-offs are not independent.
 * The scores are sorted once; each resample is one weighted pass (a drawn group's examples weigh
 * the number of times it was drawn). Resamples with a single class are skipped. Seeded: the same
 * predictions always give the same interval. Null without both classes.
 */
export function bootstrapAucInterval(
  scores: number[],
  labels: number[],
  groups: string[],
  { resamples = 1000, seed = 7 } = {},
): { low: number; high: number } | null {
  const ties = tieGroups(scores);
  if (aucOfTies(ties, labels) === null) return null;
  const ids = new Map<string, number>();
  const groupOf = groups.map((g) => {
    if (!ids.has(g)) ids.set(g, ids.size);
    return ids.get(g)!;
  });
  const rng = new Rng(seed);
  const drawn = new Float64Array(ids.size);
  const aucs: number[] = [];
  for (let r = 0; r < resamples; r++) {
    drawn.fill(0);
    for (let d = 0; d < ids.size; d++) drawn[rng.index(ids.size)]++;
    const auc = aucOfTies(ties, labels, (i) => drawn[groupOf[i]]);
    if (auc !== null) aucs.push(auc);
  }
  if (!aucs.length) return null;
  aucs.sort((a, b) => a - b);
  return { low: quantile(aucs, 0.025)!, high: quantile(aucs, 0.975)! };
}

export function brierScore(probabilities: number[], labels: number[]): number {
  if (!probabilities.length) return 0;
  return probabilities.reduce((s, p, i) => s + (p - labels[i]) ** 2, 0) / probabilities.length;
}

export interface ReliabilityBin {
  /** Lower and upper edge of the predicted churn probability. */
  from: number;
  to: number;
  count: number;
  meanPredicted: number | null;
  observedRate: number | null;
}

/** Ten equal-width bins of predicted churn probability against the churn rate observed in each. */
export function reliabilityBins(probabilities: number[], labels: number[], bins = 10): ReliabilityBin[] {
  const out: ReliabilityBin[] = Array.from({ length: bins }, (_, b) => ({
    from: b / bins,
    to: (b + 1) / bins,
    count: 0,
    meanPredicted: 0,
    observedRate: 0,
  }));
  probabilities.forEach((p, i) => {
    const bin = out[Math.min(bins - 1, Math.floor(p * bins))];
    bin.count++;
    bin.meanPredicted! += p;
    bin.observedRate! += labels[i];
  });
  for (const bin of out) {
    if (bin.count) {
      bin.meanPredicted = bin.meanPredicted! / bin.count;
      bin.observedRate = bin.observedRate! / bin.count;
    } else {
      bin.meanPredicted = null;
      bin.observedRate = null;
    }
  }
  return out;
}
