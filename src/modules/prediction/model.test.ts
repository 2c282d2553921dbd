import { describe, expect, it } from 'vitest';
import { BLANK_LEVEL, encodeRows, fitEncoder } from './encoding.js';
import { Rng, rocAuc, standardDeviation } from '../../shared/stats.js';
import {
  bootstrapAucInterval,
  brierScore,
  groupedStratifiedFolds,
  reliabilityBins,
  stratifiedFolds,
} from './evaluation.js';
import { fitLogistic } from './logistic.js';
import { coefficients, fitModel, topFactors, validate, type Example } from './model.js';

describe('ROC AUC', () => {
  it('counts a tie between a churned and a retained account as one half', () => {
    // Churned 0.35, 0.8, 0.4 against retained 0.1, 0.4: pairs won 1,0 | 1,1 | 1,½ → 4.5 of 6.
    expect(rocAuc([0.1, 0.4, 0.35, 0.8, 0.4], [0, 0, 1, 1, 1])).toBeCloseTo(0.75, 12);
  });
  it('is 1 for a perfect ranking, 0 for a reversed one, ½ when every score is equal, null with one class', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5], [0, 1, 1])).toBe(0.5);
    expect(rocAuc([0.2, 0.3], [1, 1])).toBeNull();
  });
});

describe('stratified folds', () => {
  const labels = [...Array(10).fill(1), ...Array(40).fill(0)];
  it('puts the same share of churned accounts in every fold, the same way for the same seed', () => {
    const folds = stratifiedFolds(labels, 5, 7);
    for (let f = 0; f < 5; f++) {
      const members = folds.map((x, i) => (x === f ? i : -1)).filter((i) => i >= 0);
      expect(members).toHaveLength(10);
      expect(members.filter((i) => labels[i] === 1)).toHaveLength(2);
    }
    expect(stratifiedFolds(labels, 5, 7)).toEqual(folds);
    expect(stratifiedFolds(labels, 5, 8)).not.toEqual(folds);
  });
});

describe('folds and uncertainty with accounts seen at several cut-offs', () => {
  it('keeps every account in one fold, and deals exactly like stratified folds with one example per account', () => {
    const labels = [...Array(10).fill(1), ...Array(40).fill(0)];
    expect(
      groupedStratifiedFolds(
        labels,
        labels.map((_, i) => `a${i}`),
        5,
        7,
      ),
    ).toEqual(stratifiedFolds(labels, 5, 7));
    const groups = labels.map((_, i) => `a${i % 20}`);
    const folds = groupedStratifiedFolds(labels, groups, 5, 7);
    for (let i = 0; i < labels.length; i++) expect(folds[i]).toBe(folds[i % 20]);
    expect(new Set(folds).size).toBe(5);
  });
  it('gives a seeded bootstrap interval around the AUC that narrows with more examples', () => {
    const rng = new Rng(3);
    const make = (n: number) => {
      const labels = Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 1 : 0));
      return { labels, scores: labels.map((l) => l + rng.next() * 1.6), groups: labels.map((_, i) => `a${i}`) };
    };
    const small = make(80);
    const large = make(2000);
    const a = bootstrapAucInterval(small.scores, small.labels, small.groups)!;
    expect(a.low).toBeLessThan(rocAuc(small.scores, small.labels)!);
    expect(a.high).toBeGreaterThan(rocAuc(small.scores, small.labels)!);
    expect(bootstrapAucInterval(small.scores, small.labels, small.groups)).toEqual(a);
    const b = bootstrapAucInterval(large.scores, large.labels, large.groups)!;
    expect(b.high - b.low).toBeLessThan((a.high - a.low) / 2);
    expect(bootstrapAucInterval([0.1, 0.2], [1, 1], ['a', 'b'])).toBeNull();
    expect(standardDeviation([0.8, 0.9])).toBeCloseTo(Math.SQRT1_2 * 0.1, 12);
    expect(standardDeviation([0.8])).toBeNull();
  });
});

describe('calibration', () => {
  it('bins predictions and compares them with the observed churn rate', () => {
    const bins = reliabilityBins([0.05, 0.15, 0.12, 0.95], [0, 1, 0, 1]);
    expect(bins[0]).toMatchObject({ count: 1, meanPredicted: 0.05, observedRate: 0 });
    expect(bins[1].count).toBe(2);
    expect(bins[1].meanPredicted).toBeCloseTo(0.135, 12);
    expect(bins[1].observedRate).toBe(0.5);
    expect(bins[5]).toMatchObject({ count: 0, meanPredicted: null });
    expect(bins[9]).toMatchObject({ count: 1, observedRate: 1 });
    // (0.05² + 0.85² + 0.12² + 0.05²) / 4
    expect(brierScore([0.05, 0.15, 0.12, 0.95], [0, 1, 0, 1])).toBeCloseTo((0.0025 + 0.7225 + 0.0144 + 0.0025) / 4, 12);
  });
});

describe('encoding', () => {
  const specs = [
    { key: 'a', kind: 'numeric' as const },
    { key: 'c', kind: 'categorical' as const },
  ];
  const rows = [
    { a: 1, c: 'x' },
    { a: null, c: null },
    { a: 3, c: 'y' },
    { a: 5, c: 'x' },
  ];
  it('imputes a numeric blank with the training median and flags it; a categorical blank is its own level', () => {
    const encoder = fitEncoder(specs, rows);
    expect(encoder.features[0].median).toBe(3);
    expect(encoder.features[1].levels).toEqual(['x', BLANK_LEVEL, 'y']);
    expect(encoder.columns.map((c) => `${c.feature}:${c.role}${c.level ? `:${c.level}` : ''}`)).toEqual([
      'a:value',
      'a:missing',
      'c:level:x',
      'c:level:(blank)',
      'c:level:y',
    ]);
    const [first, blank] = encodeRows(encoder, rows);
    // a = 1, 3 (imputed), 3, 5: mean 3, deviation √2.
    expect(first[0]).toBeCloseTo(-2 / Math.SQRT2, 12);
    expect(blank[0]).toBeCloseTo(0, 12);
    // missing indicator 0,1,0,0: mean ¼, deviation √(3)/4.
    expect(blank[1]).toBeCloseTo(0.75 / (Math.sqrt(3) / 4), 12);
    expect(first[1]).toBeCloseTo(-0.25 / (Math.sqrt(3) / 4), 12);
    // blank row: its own level column is on, x and y off.
    expect(blank[3]).toBeGreaterThan(0);
    expect(blank[2]).toBeLessThan(0);
  });
  it('encodes a level never seen in training as "none of the known levels", and drops constant columns', () => {
    const encoder = fitEncoder(
      [...specs, { key: 'k', kind: 'numeric' }],
      rows.map((r) => ({ ...r, k: 7 })),
    );
    expect(encoder.columns.some((c) => c.feature === 'k')).toBe(false);
    const [unseen] = encodeRows(encoder, [{ a: 3, c: 'z' }]);
    expect(unseen.slice(2)).toEqual(encoder.columns.slice(2).map((c) => -c.mean / c.sd));
  });
});

function synthetic(n: number, seed: number): Example[] {
  const rng = new Rng(seed);
  const normal = () => rng.normal();
  return Array.from({ length: n }, () => {
    const signal = normal();
    const noise = normal();
    const plan = rng.next() < 0.5 ? 'basic' : 'pro';
    const churn = rng.next() < 1 / (1 + Math.exp(-(3 * signal - 1 + (plan === 'basic' ? 1 : -1))));
    return { row: { signal, noise, plan }, label: churn ? 1 : 0, outcomeOn: null };
  });
}

describe('training on a synthetic set with a known signal', () => {
  const specs = [
    { key: 'signal', kind: 'numeric' as const },
    { key: 'noise', kind: 'numeric' as const },
    { key: 'plan', kind: 'categorical' as const },
  ];
  it('finds the signal with the right sign, leaves the noise near zero and validates well', async () => {
    const examples = synthetic(600, 11);
    const validation = await validate(specs, examples);
    expect(validation.method).toBe('cv');
    expect(validation.folds).toHaveLength(5);
    expect(validation.auc).toBeGreaterThan(0.85);
    const byFeature = Object.fromEntries(
      coefficients(fitModel(specs, examples)).map((c) => [
        `${c.feature}${c.level ? `=${c.level}` : ''}`,
        c.coefficient,
      ]),
    );
    expect(byFeature.signal).toBeGreaterThan(2);
    expect(Math.abs(byFeature.noise)).toBeLessThan(0.25);
    expect(byFeature['plan=basic']).toBeGreaterThan(0.3);
    expect(byFeature['plan=pro']).toBeLessThan(-0.3);
  });
  it('cannot rank accounts when the only feature is noise', async () => {
    const examples = synthetic(600, 12).map((e) => ({ ...e, row: { noise: e.row.noise } }));
    const validation = await validate([{ key: 'noise', kind: 'numeric' }], examples);
    expect(validation.auc).toBeGreaterThan(0.4);
    expect(validation.auc).toBeLessThan(0.6);
  });
  it('explains an account by its largest contributions, with the direction on renewal', () => {
    const model = fitModel(specs, synthetic(600, 13));
    const [first, second] = topFactors(model, { signal: 2, noise: 0, plan: 'basic' });
    expect(first).toMatchObject({ feature: 'signal', level: null, direction: 'down' });
    expect(first.contribution).toBeGreaterThan(2);
    expect(second).toMatchObject({ feature: 'plan', level: 'basic', direction: 'down' });
    expect(topFactors(model, { signal: -2, noise: 0, plan: 'pro' })[0]).toMatchObject({
      feature: 'signal',
      direction: 'up',
    });
  });
  it('validates on the latest cut-offs when dates allow, training only on outcomes known by then', async () => {
    // Monthly cut-offs over 2025, outcomes known three months after each.
    const month = (m: number) => `${2025 + Math.floor((m - 1) / 12)}-${String(1 + ((m - 1) % 12)).padStart(2, '0')}-15`;
    // 480 examples: the validation quarter (120, about 40 % churned) holds well over MIN_TO_JUDGE of each class.
    const examples = synthetic(480, 14).map((e, i) => ({
      ...e,
      cutoff: month(1 + (i % 12)),
      outcomeOn: month(4 + (i % 12)),
      group: `a${i}`,
    }));
    const validation = await validate(specs, examples);
    expect(validation.method).toBe('time');
    expect(validation.folds).toHaveLength(1);
    // The latest 20 %: three of twelve cut-offs (October to December).
    expect(validation.splitOn).toBe('2025-10-15');
    // Trained on cut-offs up to July (outcomes known by 15 October): out-of-fold predictions are only the validation set.
    expect(validation.calibration.reduce((n, b) => n + b.count, 0)).toBe(120);
    expect(validation.aucInterval!.low).toBeLessThan(validation.auc);
    expect(validation.verdict).toBe('predictive');
  });
  it('without cut-offs (imported outcomes only) cross-validates', async () => {
    const validation = await validate(
      specs,
      synthetic(300, 14).map((e) => ({ ...e, outcomeOn: '2026-01-01' })),
    );
    expect(validation.method).toBe('cv');
  });
});

describe('logistic regression', () => {
  it('without features fits the log-odds of the churn rate', () => {
    const fit = fitLogistic([[], [], [], []], [1, 0, 0, 0]);
    expect(fit.intercept).toBeCloseTo(Math.log(1 / 3), 8);
    expect(fit.converged).toBe(true);
  });
  it('stays finite on perfectly separable data (the penalty bounds the weights)', () => {
    const fit = fitLogistic([[-2], [-1], [1], [2]], [0, 0, 1, 1]);
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.weights[0])).toBe(true);
    expect(fit.weights[0]).toBeGreaterThan(0);
  });
});
