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
