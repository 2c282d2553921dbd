import { FLAT_GAIN, FLAT_WINDOW } from '../../shared/activation.js';

/**
 * Where a cohort curve flattens (docs/activation.md): the first day d, once the curve has left zero, from
 * which it gains less than FLAT_GAIN (2 percentage points) of the cohort in every FLAT_WINDOW (14) days
 * that follow, up to the end of the curve — reached[e + 14] − reached[e] < 2 % of the accounts for every
 * e ≥ d. So a pause followed by a second climb is not flat; the last climb decides. Null while the curve is
 * at zero, still climbing in its last 14 days, or shorter than 15 days. Counted in whole accounts, so no
 * rounding decides it.
 */
export function flattensAt(reached: readonly number[], accounts: number): number | null {
  if (accounts <= 0) return null;
  let flat: number | null = null;
  for (let d = reached.length - 1 - FLAT_WINDOW; d >= 0; d--) {
    if (reached[d] === 0 || (reached[d + FLAT_WINDOW] - reached[d]) / accounts >= FLAT_GAIN) break;
    flat = d;
  }
  return flat;
}

/** The top 10 % of n people, at least one: ceil(n / 10). */
export const topTenth = (users: number) => Math.ceil(users / 10);

/** Accounts per share band of ten points, [0.1, 0.2) … [0.9, 1.0] (the top tenth never holds less than a tenth). */
export function shareBuckets(shares: readonly number[]) {
  const buckets = Array.from({ length: 9 }, (_, i) => ({ from: (i + 1) / 10, to: (i + 2) / 10, accounts: 0 }));
  for (const share of shares) {
    const index = Math.min(8, Math.max(0, Math.floor(share * 10 + 1e-9) - 1));
    buckets[index].accounts++;
  }
  return buckets;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
