/** Kysely table types of business reviews (0038, docs/business-reviews.md). Kept by hand next to the migration. */
import type { Defaulted, Timestamp } from './columns.js';

export interface ReviewCadencesTable {
  tier: 'high_touch' | 'low_touch' | 'tech_touch';
  months: number | null;
  kind: Defaulted<'qbr' | 'ebr'>;
  updated_by: string | null;
  updated_at: Timestamp;
}
