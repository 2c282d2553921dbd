/** Kysely table types of journeys (0044, docs/journeys.md). Kept by hand next to the migration. */
import type { Defaulted, Instant, Json, NullableInstant, Timestamp } from './columns.js';

export interface JourneysTable {
  id: Defaulted<string>;
  name: string;
  description: Defaulted<string>;
  status: Defaulted<'draft' | 'active' | 'paused' | 'archived'>;
  draft: Json<unknown>;
  version: number | null;
  event_cursor: NullableInstant;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface JourneyVersionsTable {
  journey_id: string;
  version: number;
  definition: Json<unknown>;
  published_at: Instant;
  published_by: string | null;
}

export interface JourneyParticipantsTable {
  id: Defaulted<string>;
  journey_id: string;
  version: number;
  account_id: string;
  contact_id: string | null;
  step_id: string | null;
  status: 'active' | 'waiting' | 'completed' | 'exited';
  next_at: NullableInstant;
  polls: Defaulted<boolean>;
  step_started_at: Instant;
  passed: Defaulted<string[]>;
  entered_at: Instant;
  left_at: NullableInstant;
  left_reason: string | null;
  claim_token: string | null;
  claimed_until: NullableInstant;
  claimed_by: string | null;
}

export interface SegmentManualMembersTable {
  segment_id: string;
  account_id: string;
  included: boolean;
  updated_at: Timestamp;
}
