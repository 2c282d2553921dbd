/**
 * From raw feature values to the numeric matrix the model fits. Numeric features: a blank is
 * imputed with the training median and flagged in a "missing" indicator column. Categorical
 * features: one column per level, a blank being a level of its own. Every column is then
 * standardised with the training mean and deviation, so coefficients compare across features and
 * coefficient × value is each feature's contribution to the log-odds. Columns constant in the
 * training data carry no information and are dropped.
 */

export type FeatureKind = 'numeric' | 'categorical';
export type RawValue = number | string | null;
export type RawRow = Record<string, RawValue>;

export interface FeatureSpec {
  key: string;
  kind: FeatureKind;
}

export const BLANK_LEVEL = '(blank)';
export const OTHER_LEVEL = '(other)';
/** An id-like text column would otherwise become thousands of one-hot columns. */
const MAX_LEVELS = 30;

export interface EncodedColumn {
  feature: string;
  /** 'value' (a numeric feature), 'missing' (its blank indicator) or 'level' (one category). */
  role: 'value' | 'missing' | 'level';
  level?: string;
  mean: number;
  sd: number;
}

export interface Encoder {
  features: (FeatureSpec & { median?: number; levels?: string[] })[];
  columns: EncodedColumn[];
}

const median = (values: number[]) => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const numberOf = (value: RawValue) =>
  value === null || value === ''
    ? null
    : typeof value === 'number'
      ? value
      : Number.isFinite(Number(value))
        ? Number(value)
        : null;
const levelOf = (value: RawValue) => (value === null || value === '' ? BLANK_LEVEL : String(value));

function rawColumns(
  encoder: Pick<Encoder, 'features'>,
  row: RawRow,
): { key: string; role: EncodedColumn['role']; level?: string; value: number }[] {
  const out: { key: string; role: EncodedColumn['role']; level?: string; value: number }[] = [];
  for (const f of encoder.features) {
    if (f.kind === 'numeric') {
      const v = numberOf(row[f.key] ?? null);
      out.push({ key: f.key, role: 'value', value: v ?? f.median ?? 0 });
      out.push({ key: f.key, role: 'missing', value: v === null ? 1 : 0 });
    } else {
      const level = levelOf(row[f.key] ?? null);
      const known = f.levels!.includes(level) ? level : OTHER_LEVEL;
      for (const l of f.levels!) out.push({ key: f.key, role: 'level', level: l, value: l === known ? 1 : 0 });
    }
  }
  return out;
}

const columnId = (c: { key?: string; feature?: string; role: string; level?: string }) =>
  `${c.key ?? c.feature}\u0000${c.role}\u0000${c.level ?? ''}`;

/** Learns medians, levels, means and deviations from the training rows only. */
export function fitEncoder(specs: FeatureSpec[], rows: RawRow[]): Encoder {
  const features: Encoder['features'] = specs.map((spec) => {
    if (spec.kind === 'numeric') {
      return {
        ...spec,
        median: median(rows.map((r) => numberOf(r[spec.key] ?? null)).filter((v): v is number => v !== null)),
      };
    }
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(levelOf(r[spec.key] ?? null), (counts.get(levelOf(r[spec.key] ?? null)) ?? 0) + 1);
    const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([l]) => l);
    const levels = ranked.length > MAX_LEVELS ? [...ranked.slice(0, MAX_LEVELS), OTHER_LEVEL] : ranked;
    return { ...spec, levels };
  });
  const sums = new Map<string, { col: Omit<EncodedColumn, 'mean' | 'sd'>; sum: number; squares: number }>();
  for (const r of rows) {
    for (const c of rawColumns({ features }, r)) {
      const id = columnId(c);
      let s = sums.get(id);
      if (!s)
        sums.set(
          id,
          (s = {
            col: { feature: c.key, role: c.role, ...(c.level !== undefined ? { level: c.level } : {}) },
            sum: 0,
            squares: 0,
          }),
        );
      s.sum += c.value;
      s.squares += c.value * c.value;
    }
  }
  const n = Math.max(rows.length, 1);
  const columns: EncodedColumn[] = [];
  for (const { col, sum, squares } of sums.values()) {
    const mean = sum / n;
    const sd = Math.sqrt(Math.max(squares / n - mean * mean, 0));
    if (sd > 1e-9 * Math.max(1, Math.abs(mean))) columns.push({ ...col, mean, sd });
  }
  return { features, columns };
}

/**
 * Encodes rows with a fitted encoder: the same columns, in the same order, for any rows. A category
 * never seen in training is 0 in every level column (or counts as the "other" level when there is one).
 */
export function encodeRows(encoder: Encoder, rows: RawRow[]): number[][] {
  const index = new Map(encoder.columns.map((c, i) => [columnId(c), i]));
  return rows.map((r) => {
    const out = new Array<number>(encoder.columns.length).fill(0);
    for (const c of rawColumns(encoder, r)) {
      const i = index.get(columnId(c));
      if (i !== undefined) out[i] = (c.value - encoder.columns[i].mean) / encoder.columns[i].sd;
    }
    return out;
  });
}
