/** Renewal / churn prediction API shapes, shared by the server routes and the web client. */
export type FeatureKind = 'numeric' | 'categorical';

export interface PredictionFactor {
  feature: string;
  /** The account's level of a categorical feature, or null. */
  level: string | null;
  label: string;
  /** Log-odds of churn this feature adds (coefficient × standardised value). */
  contribution: number;
  /** 'up' raises the renewal probability, 'down' lowers it. */
  direction: 'up' | 'down';
}

export interface AccountPredictionView {
  accountId: string;
  renewalProbability: number;
  topFactors: PredictionFactor[];
  modelId: string;
  computedAt: string;
}

export interface ReliabilityBinView {
  from: number;
  to: number;
  count: number;
  meanPredicted: number | null;
  observedRate: number | null;
}

export interface PredictionModelView {
  id: string;
  createdAt: string;
  trainedBy: string | null;
  n: number;
  positives: number;
  validation: 'time' | 'cv';
  auc: number | null;
  aucInterval: { low: number; high: number } | null;
  aucFoldSd: number | null;
  verdict: 'predictive' | 'not_predictive' | 'too_few' | null;
  cutoffs: string[];
  droppedForHistory: number;
  leftOut: string[];
  folds: number[];
  brier: number | null;
  calibration: ReliabilityBinView[];
  features: { key: string; kind: FeatureKind; family: string }[];
  coefficients: { feature: string; role: 'value' | 'missing' | 'level'; level: string | null; coefficient: number }[];
}

export interface PredictionJobView {
  id: string;
  state: 'running' | 'done' | 'failed';
  progress: number;
  modelId: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface FeatureCatalogueView {
  families: { key: string; columns: { key: string; kind: FeatureKind }[] }[];
  /** Built-in account columns (industry, employees, region, tier). */
  columns: { key: string; kind: FeatureKind; accounts: number }[];
  attributes: { key: string; kind: FeatureKind; accounts: number }[];
}

/** The built-in families, in the order the picker shows them. */
export const FEATURE_FAMILY_KEYS = [
  'usage',
  'core_modules',
  'activity_trend',
  'tickets',
  'nps',
  'health',
  'time_to_live',
  'tenure_days',
  'mrr',
  'seats',
  'segment',
] as const;
