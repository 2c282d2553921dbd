/** Kysely table types of success plans (0037, docs/success-plans.md). Kept by hand next to the migration. */
import type { Generated } from 'kysely';
import type { CalendarDate, CreatedAt, Defaulted, Json, NullableInstant, Timestamp } from './columns.js';

export interface ValuePointsTable {
  id: Generated<string>;
  name_en: string;
  name_zh: string;
  description_en: string | null;
  description_zh: string | null;
  modules: Defaulted<string[]>;
  services: Defaulted<string[]>;
  active: Defaulted<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AccountValueNeedsTable {
  account_id: string;
  value_point_id: string;
  note: string | null;
  created_at: CreatedAt;
}

export interface SuccessObjectivesTable {
  id: Generated<string>;
  account_id: string;
  title: string;
  value_point_id: string | null;
  needed_outcome: string | null;
  owner_id: string | null;
  due_on: CalendarDate | null;
  status: Defaulted<string>;
  metric_kind: string | null;
  metric_key: string | null;
  comparator: string | null;
  target_value: number | null;
  position: Defaulted<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SuccessTasksTable {
  id: Generated<string>;
  objective_id: string;
  title: string;
  owner_id: string | null;
  due_on: CalendarDate | null;
  done: Defaulted<boolean>;
  created_at: CreatedAt;
}

export interface SuccessPlanTemplatesTable {
  id: Generated<string>;
  name: string;
  segment_id: string | null;
  objectives: Json<unknown[]>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SuccessPlanLinksTable {
  id: Generated<string>;
  account_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: CreatedAt;
  revoked_at: NullableInstant;
}
