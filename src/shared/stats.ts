/**
 * The one statistics module, shared by the server, the demo generator, the benches and the tests:
 * a seeded random generator (sfc32, with streams derived from labels) and the rank statistics the
 * product reports (ROC AUC with average ranks for ties), plus the small helpers built on them.
 * Pure functions; nothing here reads the clock or Math.random.
 */

/** A 32-bit string hash (cyrb53, folded), used to derive stream seeds from labels. */
export function hash32(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/**
 * The seeded random generator (sfc32) with the draws callers need. The same seed always gives the
 * same sequence; `Rng.stream(seed, …label)` gives each part of a computation (an account's usage,
 * its tickets…) its own sequence, so changing one part leaves the others as they were.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string) {
    const s = typeof seed === 'number' ? hash32(`seed:${seed}`) : hash32(seed);
    this.a = s;
    this.b = hash32(`${s}:b`);
    this.c = hash32(`${s}:c`);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A new independent stream: same seed and label, same sequence. */
  static stream(seed: number, ...label: (string | number)[]) {
    return new Rng(`${seed}/${label.join('/')}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Index into a collection of `length` items: an integer in [0, length). */
  index(length: number): number {
    return Math.floor(this.next() * length);
  }

  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.index(items.length)]!;
  }

  /** Picks by weight: entries are [value, weight]. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }

  /** Standard normal (Box–Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Multiplicative noise around 1 with the given spread (log-normal). */
  jitter(spread: number): number {
    return Math.exp(this.normal(0, spread));
  }

  /** Log-uniform integer: sizes of companies and seat counts are spread over orders of magnitude. */
  logInt(min: number, max: number): number {
    return Math.round(Math.exp(this.float(Math.log(min), Math.log(max))));
  }

  /** Poisson draw (Knuth; fine for the small rates used here). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > limit);
    return k - 1;
  }

  /** Fisher–Yates, in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.index(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

/**
 * Indices of `values` grouped by equal value, groups in ascending order of value: the tie groups a
 * rank statistic walks through.
 */
export function tieGroups(values: readonly number[]): number[][] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const groups: number[][] = [];
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    groups.push(order.slice(i, j + 1));
    i = j + 1;
  }
  return groups;
}

/**
 * ROC AUC as the Mann–Whitney statistic: the chance that a random positive (label 1) scores above a
 * random negative (any other label), a tie counting one half — the same number as the rank-sum
 * formula with average ranks for ties. O(n log n). Null without both classes. For "a low score
 * means positive" (a health score against churn), pass the negated scores.
 */
export function rocAuc(scores: readonly number[], labels: readonly number[]): number | null {
  return aucOfTies(tieGroups(scores), labels);
}

/**
 * The AUC from tie groups already sorted ascending (tieGroups), each example counting `weightOf(i)`
 * times: for every positive, the negatives below it plus half the negatives tied with it. Sorting
 * once and weighting is how a bootstrap resamples without sorting again. Null without both classes.
 */
export function aucOfTies(
  groups: readonly (readonly number[])[],
  labels: readonly number[],
  weightOf: (i: number) => number = () => 1,
): number | null {
  let negativesBelow = 0;
  let positives = 0;
  let pairs = 0;
  for (const group of groups) {
    let pos = 0;
    let neg = 0;
    for (const i of group) {
      const w = weightOf(i);
      if (labels[i] === 1) pos += w;
      else neg += w;
    }
    pairs += pos * (negativesBelow + neg / 2);
    negativesBelow += neg;
    positives += pos;
  }
  if (!(positives > 0) || !(negativesBelow > 0)) return null;
  return pairs / (positives * negativesBelow);
}

/** Sample standard deviation; null below two values. */
export function standardDeviation(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
}

/**
 * The q-quantile (0 ≤ q ≤ 1) of values sorted ascending, by the nearest rank on the (n − 1) scale:
 * q = 0 is the smallest, q = 1 the largest, q = ½ the middle one (the upper middle for an even
 * count). Undefined for an empty array.
 */
export function quantile(sorted: readonly number[], q: number): number | undefined {
  if (!sorted.length) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}
