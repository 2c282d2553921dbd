import { describe, expect, it } from 'vitest';
import { explainChange, lowScoreAuc, rocCurve, trendOf, verdictOf } from './analysis.js';

describe('ROC AUC', () => {
  it('is the share of (churned, renewed) pairs where the churned account scored lower, ties counting ½', () => {
    // Churned 20 and 50, renewed 50, 80, 90: pairs (20: 3 lower) + (50: tie ½, 80, 90 → 2.5) = 5.5 of 6.
    const outcomes = [
      { score: 20, churned: true },
      { score: 50, churned: true },
      { score: 50, churned: false },
      { score: 80, churned: false },
      { score: 90, churned: false },
    ];
    expect(lowScoreAuc(outcomes)).toBeCloseTo(5.5 / 6, 10);
    // Flag at ≤20: 1 of 2 churned, 0 of 3 renewed; at ≤50: 2 of 2 and 1 of 3; …
    expect(rocCurve(outcomes)).toEqual([
      { fpr: 0, tpr: 0 },
      { fpr: 0, tpr: 0.5 },
      { fpr: 1 / 3, tpr: 1 },
      { fpr: 2 / 3, tpr: 1 },
      { fpr: 1, tpr: 1 },
    ]);
  });

  it('is ½ for a score that knows nothing, 0 for one that is backwards, and undefined with one group', () => {
    expect(
      lowScoreAuc([
        { score: 60, churned: true },
        { score: 60, churned: false },
      ]),
    ).toBe(0.5);
    expect(
      lowScoreAuc([
        { score: 90, churned: true },
        { score: 10, churned: false },
      ]),
    ).toBe(0);
    expect(lowScoreAuc([{ score: 90, churned: false }])).toBeNull();
  });

  it('says plainly when the score does not predict churn', () => {
    expect([0.59, 0.6, 0.69, 0.7, null].map(verdictOf)).toEqual([
      'not_predictive',
      'weak',
      'weak',
      'predictive',
      'insufficient',
    ]);
  });
});

describe('trend', () => {
  it('is flat within ±3 points, and unknown without an earlier snapshot', () => {
    expect([trendOf(60, 57), trendOf(60, 57.1), trendOf(60, 63.5), trendOf(60, null)]).toEqual([
      'up',
      'flat',
      'down',
      null,
    ]);
  });
});

describe('why did it change', () => {
  it('gives each measure’s weighted change over the weights present each day, largest first', () => {
    // Day 1: A 80 (w 1), B 40 (w 3), C missing → 20 + 30 = 50.
    // Day 2: A 80, B 40, C 100 (w 1) → weights 5: 16 + 24 + 20 = 60. Change +10 = C +20, B −6, A −4.
    const before = [
      { measureId: 'a', score: 80, weight: 1 },
      { measureId: 'b', score: 40, weight: 3 },
      { measureId: 'c', score: null, weight: 1 },
    ];
    const after = [
      { measureId: 'a', score: 80, weight: 1 },
      { measureId: 'b', score: 40, weight: 3 },
      { measureId: 'c', score: 100, weight: 1 },
    ];
    expect(explainChange(before, after).map((c) => [c.measureId, c.points])).toEqual([
      ['c', 20],
      ['b', -6],
      ['a', -4],
    ]);
    expect(explainChange(after, after)).toEqual([]);
  });
});
