import type { Generated } from 'kysely';

/** ICP fit criteria (0040; docs/fit-and-maturity.md). */
export interface FitCriteriaTable {
  id: Generated<string>;
  field: string;
  rule: 'answered' | 'one_of' | 'contains' | 'range';
  values: Generated<string[]>;
  min: number | null;
  max: number | null;
  points: number;
  label: string | null;
  position: Generated<number>;
  active: Generated<boolean>;
  updated_at: Generated<Date>;
}

/** A CSM's maturity assessment of a customer (0040). */
export interface AccountMaturityAssessmentsTable {
  id: Generated<string>;
  seq: Generated<number>;
  account_id: string;
  cognition: number;
  strategy: number;
  people: number;
  tools: number;
  level: 'immature' | 'low' | 'medium' | 'high';
  note: string | null;
  assessed_by: string | null;
  assessed_at: Generated<Date>;
}
