/** Validation measures: ROC AUC, stratified folds, Brier score and reliability bins. */

/**
 * ROC AUC as the Mann–Whitney statistic: the chance that a random positive (churned) scores above
 * a random negative, ties counting one half. Undefined (null) without both classes.
 */
export function rocAuc(scores: number[], labels: number[]): number | null {
  const order = scores.map((s, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]] === scores[order[i]]) j++;
    const rank = (i + j) / 2 + 1; // average rank of the tie group (1-based)
    for (let k = i; k <= j; k++) if (labels[order[k]] === 1) { positives++; rankSum += rank; }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (!positives || !negatives) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** A small seeded generator (mulberry32), so the same data always gives the same folds. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fold number (0 … k−1) for each example: each class is shuffled with the seed and dealt round
 * the folds in turn, so every fold holds the same share of churned accounts (±1).
 */
export function stratifiedFolds(labels: number[], k: number, seed = 42): number[] {
  const random = seededRandom(seed);
  const folds = new Array<number>(labels.length).fill(0);
  let next = 0;
  for (const cls of [1, 0]) {
    const members = labels.map((l, i) => (l === cls ? i : -1)).filter((i) => i >= 0);
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j], members[i]];
    }
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

/** Sample standard deviation; null below two values. */
export function standardDeviation(values: number[]): number | null {
  if (values.length < 2) return null;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
}

/**
 * 95 % percentile interval of the ROC AUC by a cluster bootstrap: whole groups (accounts) are
 * drawn with replacement, since an account's examples at several cut-offs are not independent.
 * The scores are sorted once; each resample is one weighted pass (a drawn group's examples weigh
 * the number of times it was drawn). Resamples with a single class are skipped. Seeded: the same
 * predictions always give the same interval. Null without both classes.
 */
export function bootstrapAucInterval(scores: number[], labels: number[], groups: string[], { resamples = 1000, seed = 7 } = {}): { low: number; high: number } | null {
  if (rocAuc(scores, labels) === null) return null;
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const ties: number[][] = [];
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]] === scores[order[i]]) j++;
    ties.push(order.slice(i, j + 1));
    i = j + 1;
  }
  const ids = new Map<string, number>();
  const groupOf = groups.map((g) => {
    if (!ids.has(g)) ids.set(g, ids.size);
    return ids.get(g)!;
  });
  const random = seededRandom(seed);
  const drawn = new Float64Array(ids.size);
  const aucs: number[] = [];
  for (let r = 0; r < resamples; r++) {
    drawn.fill(0);
    for (let d = 0; d < ids.size; d++) drawn[Math.floor(random() * ids.size)]++;
    let negativesBelow = 0;
    let pairs = 0;
    let positives = 0;
    for (const tie of ties) {
      let pos = 0;
      let neg = 0;
      for (const i of tie) {
        const w = drawn[groupOf[i]];
        if (labels[i] === 1) pos += w;
        else neg += w;
      }
      pairs += pos * (negativesBelow + neg / 2);
      negativesBelow += neg;
      positives += pos;
    }
    if (positives > 0 && negativesBelow > 0) aucs.push(pairs / (positives * negativesBelow));
  }
  if (!aucs.length) return null;
  aucs.sort((a, b) => a - b);
  const at = (q: number) => aucs[Math.min(aucs.length - 1, Math.max(0, Math.round(q * (aucs.length - 1))))];
  return { low: at(0.025), high: at(0.975) };
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
  const out: ReliabilityBin[] = Array.from({ length: bins }, (_, b) => ({ from: b / bins, to: (b + 1) / bins, count: 0, meanPredicted: 0, observedRate: 0 }));
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
