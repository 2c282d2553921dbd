/** The small rules on top of the snapshots: trend, "why did it change", ROC AUC. Pure functions. */
import type { Trend } from '../../shared/health.js';
import { rocAuc } from '../../shared/stats.js';

/** Within ±3 points a score counts as flat: smaller moves are day-to-day noise. */
export const FLAT_POINTS = 3;

export function trendOf(now: number, before: number | null): Trend {
  if (before === null) return null;
  const delta = now - before;
  if (Math.abs(delta) < FLAT_POINTS) return 'flat';
  return delta > 0 ? 'up' : 'down';
}

export interface MeasurePoint {
  measureId: string;
  score: number | null;
  weight: number;
}

/** Each measure's part of the day's score: score × weight renormalised over the measures present that day. */
export function contributions(points: MeasurePoint[]): Map<string, number> {
  const present = points.filter((p) => p.score !== null);
  const total = present.reduce((sum, p) => sum + p.weight, 0);
  const out = new Map<string, number>();
  for (const p of points) out.set(p.measureId, p.score === null || total === 0 ? 0 : (p.score * p.weight) / total);
  return out;
}

/**
 * What moved the score between two days: each measure's contribution on the later day minus the
 * earlier one — together they add up to the score's change — largest movement first, measures
 * that did not move left out.
 */
export function explainChange(before: MeasurePoint[], after: MeasurePoint[]) {
  const a = contributions(before);
  const b = contributions(after);
  const ids = [...new Set([...a.keys(), ...b.keys()])];
  const scoreOf = (points: MeasurePoint[], id: string) => points.find((p) => p.measureId === id)?.score ?? null;
  return ids
    .map((id) => ({
      measureId: id,
      points: Math.round(((b.get(id) ?? 0) - (a.get(id) ?? 0)) * 10) / 10,
      fromScore: scoreOf(before, id),
      toScore: scoreOf(after, id),
    }))
    .filter((c) => c.points !== 0)
    .sort((x, y) => Math.abs(y.points) - Math.abs(x.points) || x.measureId.localeCompare(y.measureId));
}

export interface Outcome {
  score: number;
  churned: boolean;
}

/**
 * ROC AUC of "a low score means churn": the probability that a churned account scored lower than
 * a renewed one, ties counting one half (the shared Mann–Whitney AUC on negated scores). null when
 * either group is empty.
 */
export function lowScoreAuc(outcomes: Outcome[]): number | null {
  return rocAuc(
    outcomes.map((o) => -o.score),
    outcomes.map((o) => (o.churned ? 1 : 0)),
  );
}

/** The ROC curve: flagging accounts at or below each score as "will churn", lowest threshold first. */
export function rocCurve(outcomes: Outcome[]) {
  const positives = outcomes.filter((o) => o.churned).length;
  const negatives = outcomes.length - positives;
  if (!positives || !negatives) return [];
  const thresholds = [...new Set(outcomes.map((o) => o.score))].sort((a, b) => a - b);
  const points = [{ fpr: 0, tpr: 0 }];
  for (const t of thresholds) {
    const flagged = outcomes.filter((o) => o.score <= t);
    points.push({
      fpr: flagged.filter((o) => !o.churned).length / negatives,
      tpr: flagged.filter((o) => o.churned).length / positives,
    });
  }
  return points;
}

/** Below 0.6 a score does not predict churn; 0.6–0.7 is weak. */
export function verdictOf(auc: number | null) {
  if (auc === null) return 'insufficient' as const;
  if (auc < 0.6) return 'not_predictive' as const;
  if (auc < 0.7) return 'weak' as const;
  return 'predictive' as const;
}
