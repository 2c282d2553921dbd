/** Kysely table types of the CS team's maturity self-assessments (0034). Kept by hand next to the migration. */
import type { Generated } from 'kysely';
import type { CreatedAt, Json } from './columns.js';

export interface MaturityAssessmentsTable {
  id: Generated<string>;
  levels: Json<Record<string, number>>;
  note: string | null;
  taken_by: string | null;
  taken_at: CreatedAt;
}
