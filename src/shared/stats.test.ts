import { describe, expect, it } from 'vitest';
import { aucOfTies, hash32, quantile, Rng, rocAuc, standardDeviation, tieGroups } from './stats.js';

/** The definition, pair by pair: O(n²), only for checking the O(n log n) one. */
function pairwiseAuc(scores: number[], labels: number[]) {
  let won = 0;
  let pairs = 0;
  scores.forEach((p, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((n, j) => {
      if (labels[j] === 1) return;
      pairs++;
      won += p > n ? 1 : p === n ? 0.5 : 0;
    });
  });
  return pairs ? won / pairs : null;
}

describe('ROC AUC', () => {
  it('is 1 for a perfect ranking and 0 for an inverse one', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
  });

  it('is ½ when every score ties', () => {
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    expect(rocAuc([3, 3, 3], [1, 0, 0])).toBe(0.5);
  });

  it('gives tied pairs one half (average ranks)', () => {
    // Ranks 1 | 2.5 2.5 | 4.5 4.5 | 6; positives (scores 2, 3, 4) hold 2.5 + 4.5 + 6 = 13;
    // U = 13 − 3·4/2 = 7 of 3·3 pairs.
    expect(rocAuc([1, 2, 2, 3, 3, 4], [0, 1, 0, 1, 0, 1])).toBe(7 / 9);
    // Positives 0.35, 0.8, 0.4 against negatives 0.1, 0.4: pairs won 1,0 | 1,1 | 1,½ → 4.5 of 6.
    expect(rocAuc([0.1, 0.4, 0.35, 0.8, 0.4], [0, 0, 1, 1, 1])).toBe(0.75);
  });

  it('does not depend on the order of the examples, and counts any label but 1 as negative', () => {
    expect(rocAuc([4, 3, 3, 2, 2, 1], [1, 0, 1, 0, 1, 0])).toBe(7 / 9);
    expect(rocAuc([1, 2, 2, 3, 3, 4], [0, 1, 2, 1, -1, 1])).toBe(7 / 9);
  });

  it('is null without both classes', () => {
    expect(rocAuc([0.2, 0.3], [1, 1])).toBeNull();
    expect(rocAuc([0.2, 0.3], [0, 0])).toBeNull();
    expect(rocAuc([], [])).toBeNull();
  });

  it('matches the pair-by-pair definition on seeded data full of ties', () => {
    const rng = new Rng(11);
    for (let round = 0; round < 50; round++) {
      const n = rng.int(2, 60);
      const scores = Array.from({ length: n }, () => rng.int(0, 8) / 4);
      const labels = Array.from({ length: n }, () => (rng.chance(0.3) ? 1 : 0));
      const expected = pairwiseAuc(scores, labels);
      const auc = rocAuc(scores, labels);
      if (expected === null) expect(auc).toBeNull();
      else expect(auc).toBeCloseTo(expected, 12);
    }
  });

  it('weights examples: a weight of 2 counts like the example twice, 0 like no example', () => {
    const scores = [1, 2, 2, 3];
    const labels = [0, 1, 0, 1];
    const weights = [2, 1, 0, 3];
    const expanded = scores.flatMap((s, i) => Array<number>(weights[i]!).fill(s));
    const expandedLabels = labels.flatMap((l, i) => Array<number>(weights[i]!).fill(l));
    expect(aucOfTies(tieGroups(scores), labels, (i) => weights[i]!)).toBe(rocAuc(expanded, expandedLabels));
    expect(aucOfTies(tieGroups(scores), labels, (i) => (labels[i] === 1 ? 1 : 0))).toBeNull();
  });
});

describe('tie groups', () => {
  it('groups indices by equal value, lowest value first', () => {
    expect(tieGroups([3, 1, 3, 2, 1])).toEqual([[1, 4], [3], [0, 2]]);
    expect(tieGroups([])).toEqual([]);
  });
});

describe('seeded random generator', () => {
  it('repeats the same sequence for the same seed, and another for another seed', () => {
    const draw = (rng: Rng) => Array.from({ length: 20 }, () => rng.next());
    expect(draw(new Rng(42))).toEqual(draw(new Rng(42)));
    expect(draw(new Rng(42))).not.toEqual(draw(new Rng(43)));
    expect(draw(new Rng('label'))).toEqual(draw(new Rng('label')));
    expect(draw(Rng.stream(7, 'account', 3))).toEqual(draw(Rng.stream(7, 'account', 3)));
    expect(draw(Rng.stream(7, 'account', 3))).not.toEqual(draw(Rng.stream(7, 'account', 4)));
  });

  it('keeps the sequence the demo data was generated with (sfc32 seeded through hash32)', () => {
    // Changing these changes every demo figure: the demo company is drawn from this generator.
    const rng = new Rng(1);
    expect([rng.next(), rng.next(), rng.next()]).toEqual([0.7657143725082278, 0.7814690035302192, 0.4176604254171252]);
    const stream = Rng.stream(2026, 'account', 0);
    expect([stream.next(), stream.next()]).toEqual([0.20725687313824892, 0.4890195874031633]);
    expect(hash32('')).toBe(hash32(''));
    expect(hash32('a')).not.toBe(hash32('b'));
  });

  it('draws uniformly in [0, 1), and integers and indices within their bounds, both ends reached', () => {
    const rng = new Rng(5);
    const values = Array.from({ length: 20_000 }, () => rng.next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    const tenths = new Array<number>(10).fill(0);
    for (const v of values) tenths[Math.floor(v * 10)]!++;
    for (const count of tenths) expect(Math.abs(count - 2000)).toBeLessThan(200);

    const ints = Array.from({ length: 2000 }, () => rng.int(3, 6));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5, 6]));
    const indices = Array.from({ length: 2000 }, () => rng.index(4));
    expect(new Set(indices)).toEqual(new Set([0, 1, 2, 3]));
    const picks = Array.from({ length: 200 }, () => rng.pick(['a', 'b']));
    expect(new Set(picks)).toEqual(new Set(['a', 'b']));
  });

  it('shuffles into a permutation, the same one for the same seed', () => {
    const items = Array.from({ length: 30 }, (_, i) => i);
    const a = new Rng(9).shuffle([...items]);
    expect([...a].sort((x, y) => x - y)).toEqual(items);
    expect(a).not.toEqual(items);
    expect(new Rng(9).shuffle([...items])).toEqual(a);
  });
});

describe('small helpers', () => {
  it('sample standard deviation, null below two values', () => {
    expect(standardDeviation([0.8, 0.9])).toBeCloseTo(Math.SQRT1_2 * 0.1, 12);
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(standardDeviation([0.8])).toBeNull();
  });

  it('quantile by the nearest rank on the (n − 1) scale', () => {
    const sorted = [10, 20, 30, 40, 50];
    expect(quantile(sorted, 0)).toBe(10);
    expect(quantile(sorted, 0.5)).toBe(30);
    expect(quantile(sorted, 1)).toBe(50);
    expect(quantile(sorted, 0.3)).toBe(20); // 0.3 × 4 = 1.2 → index 1
    expect(quantile(sorted, 0.4)).toBe(30); // 1.6 → index 2
    expect(quantile([], 0.5)).toBeUndefined();
  });
});
