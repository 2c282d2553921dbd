/** Kysely table types of health scores and the renewal / churn model (§5). Kept by hand next to the migrations they mirror. */
import type { Generated } from 'kysely';
import type { Timestamp, CreatedAt, CalendarDate, Json, JsonDefaulted, Defaulted } from './columns.js';

export interface PredictionModelsTable {
  id: Generated<string>;
  requested: Json<string[] | null>;
  features: Json<{ key: string; kind: 'numeric' | 'categorical'; family: string }[]>;
  n: number;
  positives: number;
  validation: 'time' | 'cv';
  auc: number | null;
  folds: Json<number[]>;
  brier: number | null;
  calibration: Json<unknown>;
  model: Json<unknown>;
  /** The AUC's 95 % bootstrap interval and the spread of the fold AUCs (0017). */
  auc_low: number | null;
  auc_high: number | null;
  auc_fold_sd: number | null;
  details: JsonDefaulted<unknown>;
  trained_by_name: string | null;
  created_at: CreatedAt;
}

export interface PredictionScoresTable {
  account_id: string;
  model_id: string;
  renewal_probability: number;
  top_factors: Json<unknown>;
  computed_at: Date;
}

export interface PredictionJobsTable {
  id: Generated<string>;
  state: Defaulted<'running' | 'done' | 'failed'>;
  progress: Defaulted<number>;
  requested: Json<string[] | null> | null;
  model_id: string | null;
  error: string | null;
  created_by: string | null;
  created_by_name: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  finished_at: Date | null;
}

export interface HealthScorecardsTable {
  id: Generated<string>;
  name: string;
  description: string | null;
  red_below: Defaulted<number>;
  green_from: Defaulted<number>;
  segment_ids: Defaulted<string[]>;
  max_tenure_days: number | null;
  active: Defaulted<boolean>;
  is_primary: Defaulted<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface HealthMeasuresTable {
  id: Generated<string>;
  scorecard_id: string;
  position: number;
  type: string;
  attribute_key: string | null;
  weight: number;
  bad: number;
  good: number;
}

export interface HealthSentimentsTable {
  id: Generated<string>;
  account_id: string;
  value: number;
  comment: string | null;
  set_on: CalendarDate;
  expires_on: CalendarDate;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface HealthSnapshotsTable {
  scorecard_id: string;
  account_id: string;
  day: CalendarDate;
  score: number;
  color: 'red' | 'yellow' | 'green';
  measure_ids: string[];
  measure_values: (number | null)[];
  measure_scores: (number | null)[];
  measure_weights: number[];
}

/** A view: health_snapshots' measure arrays, one row per measure. */
export interface HealthMeasureSnapshotsTable {
  scorecard_id: string;
  account_id: string;
  day: CalendarDate;
  measure_id: string;
  value: number | null;
  score: number | null;
  weight: number;
}
