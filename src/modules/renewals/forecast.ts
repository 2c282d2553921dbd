import { CATEGORY_PROBABILITY, type RenewalCategory, type RenewalOutcome } from '../../shared/renewals.js';

/**
 * The renewal forecast as pure functions over the renewal centre's rows, so the sums and the
 * target calculation are tested by hand without a database.
 */
export type HealthColor = 'green' | 'yellow' | 'red';

export interface ForecastRow {
  accountId: string;
  accountName: string;
  renewsOn: string;
  daysLeft: number;
  arrMinor: number;
  /** The model's renewal probability, or null when no prediction is available. */
  modelProbability: number | null;
  category: RenewalCategory;
  outcome: RenewalOutcome | null;
  ownerId: string | null;
  ownerName: string | null;
  segmentId: string | null;
  segmentName: string | null;
}

export type ProbabilitySource = 'model' | 'category' | 'outcome';

/**
 * The category a renewal gets until someone sets one: from the model's probability when there
 * is one (≥ 0.85 commit, ≥ 0.5 likely, else at risk), else from health (red → at risk), else
 * "likely". "lost" is only ever set by a person.
 */
export function defaultCategory(probability: number | null, health: HealthColor | null): RenewalCategory {
  if (probability !== null) return probability >= 0.85 ? 'commit' : probability >= 0.5 ? 'likely' : 'at_risk';
  if (health === 'red') return 'at_risk';
  return 'likely';
}

/**
 * The probability a renewal counts with: a recorded outcome is certain (churned 0, otherwise 1);
 * "lost" is 0; else the model's probability; else the category's fallback.
 */
export function renewalProbability(row: Pick<ForecastRow, 'modelProbability' | 'category' | 'outcome'>): {
  probability: number;
  source: ProbabilitySource;
} {
  if (row.outcome) return { probability: row.outcome === 'churned' ? 0 : 1, source: 'outcome' };
  if (row.category === 'lost') return { probability: 0, source: 'category' };
  if (row.modelProbability !== null) return { probability: row.modelProbability, source: 'model' };
  return { probability: CATEGORY_PROBABILITY[row.category], source: 'category' };
}

export interface ForecastFigures {
  renewals: number;
  /** ARR up for renewal. */
  pipelineMinor: number;
  /** Σ probability × ARR, rounded to the minor unit. */
  forecastMinor: number;
  /** ARR of renewals in the "commit" category. */
  committedMinor: number;
}

export interface ForecastGroup extends ForecastFigures {
  id: string | null;
  name: string | null;
}

function figures(rows: ForecastRow[]): ForecastFigures {
  let expected = 0;
  let pipeline = 0;
  let committed = 0;
  for (const r of rows) {
    pipeline += r.arrMinor;
    expected += renewalProbability(r).probability * r.arrMinor;
    if (r.category === 'commit') committed += r.arrMinor;
  }
  return {
    renewals: rows.length,
    pipelineMinor: pipeline,
    forecastMinor: Math.round(expected),
    committedMinor: committed,
  };
}

function groupBy(rows: ForecastRow[], key: (r: ForecastRow) => [string | null, string | null]): ForecastGroup[] {
  const groups = new Map<string, { id: string | null; name: string | null; rows: ForecastRow[] }>();
  for (const r of rows) {
    const [id, name] = key(r);
    const k = id ?? '';
    const g = groups.get(k) ?? { id, name, rows: [] };
    g.rows.push(r);
    groups.set(k, g);
  }
  return [...groups.values()]
    .map((g) => ({ id: g.id, name: g.name, ...figures(g.rows) }))
    .sort((a, b) => b.pipelineMinor - a.pipelineMinor || (a.name ?? '').localeCompare(b.name ?? ''));
}

export interface ForecastWindow extends ForecastFigures {
  days: number;
  byOwner: ForecastGroup[];
  bySegment: ForecastGroup[];
  /** How the probabilities were obtained: renewals counted with each source. */
  sources: Record<ProbabilitySource, number>;
}

export function forecastWindow(rows: ForecastRow[], days: number): ForecastWindow {
  const inside = rows.filter((r) => r.daysLeft <= days);
  const sources: Record<ProbabilitySource, number> = { model: 0, category: 0, outcome: 0 };
  for (const r of inside) sources[renewalProbability(r).source] += 1;
  return {
    days,
    ...figures(inside),
    byOwner: groupBy(inside, (r) => [r.ownerId, r.ownerName]),
    bySegment: groupBy(inside, (r) => [r.segmentId, r.segmentName]),
    sources,
  };
}

export interface TargetResult {
  targetMinor: number;
  forecastMinor: number;
  gapMinor: number;
  /** The probability an at-risk renewal reaches when it turns healthy. */
  healthyLevel: number;
  reachable: boolean;
  /** The fewest at-risk accounts that close the gap (all candidates when it cannot be closed). */
  accounts: { accountId: string; accountName: string; arrMinor: number; probability: number; gainMinor: number }[];
}

/**
 * How many at-risk renewals must turn healthy to reach a target. Turning healthy lifts a
 * renewal's probability to the healthy level — the mean probability of the open commit and
 * likely renewals (0.75, the "likely" fallback, when there are none). The biggest gains
 * ((level − probability) × ARR) are taken first, which gives the fewest accounts.
 */
export function targetCalculation(rows: ForecastRow[], targetMinor: number): TargetResult {
  const open = rows.filter((r) => !r.outcome);
  const healthy = open.filter((r) => r.category === 'commit' || r.category === 'likely');
  const healthyLevel = healthy.length
    ? healthy.reduce((sum, r) => sum + renewalProbability(r).probability, 0) / healthy.length
    : CATEGORY_PROBABILITY.likely;
  const forecastMinor = figures(rows).forecastMinor;
  const gapMinor = targetMinor - forecastMinor;
  const candidates = open
    .filter((r) => r.category === 'at_risk')
    .map((r) => {
      const probability = renewalProbability(r).probability;
      return {
        accountId: r.accountId,
        accountName: r.accountName,
        arrMinor: r.arrMinor,
        probability,
        gainMinor: Math.round((healthyLevel - probability) * r.arrMinor),
      };
    })
    .filter((c) => c.gainMinor > 0)
    .sort((a, b) => b.gainMinor - a.gainMinor || b.arrMinor - a.arrMinor || a.accountName.localeCompare(b.accountName));
  if (gapMinor <= 0) return { targetMinor, forecastMinor, gapMinor, healthyLevel, reachable: true, accounts: [] };
  const chosen: TargetResult['accounts'] = [];
  let closed = 0;
  for (const c of candidates) {
    chosen.push(c);
    closed += c.gainMinor;
    if (closed >= gapMinor)
      return { targetMinor, forecastMinor, gapMinor, healthyLevel, reachable: true, accounts: chosen };
  }
  return { targetMinor, forecastMinor, gapMinor, healthyLevel, reachable: false, accounts: chosen };
}
