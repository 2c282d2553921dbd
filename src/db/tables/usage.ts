/** Kysely table types of product usage (§2): roll-ups, raw events, write keys and tracking identities. Kept by hand next to the migrations they mirror. */
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp, CreatedAt, CalendarDate, Defaulted, JsonDefaulted, NullableInstant } from './columns.js';

export interface UsageDailyTable {
  account_id: string;
  day: CalendarDate;
  event: string;
  count: number;
  users: number;
}

export interface WriteKeysTable {
  id: Generated<string>;
  name: string;
  key_hash: string;
  prefix: string;
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export type TrackingType = 'identify' | 'group' | 'track' | 'page' | 'screen' | 'alias';

export interface UsageEventsTable {
  message_id: string;
  write_key_id: string | null;
  type: TrackingType;
  event: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  /** Generated: user_id, else 'anon:' || anonymous_id (null only if both are; tracking refuses that). */
  person: ColumnType<string | null, never, never>;
  group_id: string | null;
  account_id: string | null;
  timestamp: Timestamp;
  day: CalendarDate;
  original_timestamp: NullableInstant;
  sent_at: NullableInstant;
  received_at: Timestamp;
  properties: JsonDefaulted<Record<string, unknown>>;
  context: JsonDefaulted<Record<string, unknown>>;
}

export interface UsagePendingTable {
  account_id: string;
  day: CalendarDate;
  event: string;
  person: string;
  timestamp: Timestamp;
}

export interface UsageEventPeopleTable {
  account_id: string;
  day: CalendarDate;
  event: string;
  person: string;
}

export interface UsageActiveDailyTable {
  account_id: string;
  day: CalendarDate;
  users: number;
}

export interface UsageUserDailyTable {
  account_id: string;
  day: CalendarDate;
  person: string;
  events: number;
  last_seen_at: Timestamp;
}

/** A module's events over the last 7, 30 or 90 days per account (0029), as of usage_module_totals_state. */
export interface UsageModuleTotalsTable {
  module: string;
  days: number;
  account_id: string;
  events: number;
}

export interface UsageModuleTotalsStateTable {
  singleton: Generated<boolean>;
  as_of: CalendarDate;
}

export interface EventCatalogueTable {
  event: string;
  module: string | null;
  first_seen_at: Date | null;
  last_seen_at: Date | null;
}

export interface TrackingProfilesTable {
  person: string;
  user_id: string | null;
  account_id: string | null;
  linked_at: Date | null;
  traits: JsonDefaulted<Record<string, unknown>>;
  traits_pending: Defaulted<boolean>;
  updated_at: Timestamp;
}

export interface TrackingGroupsTable {
  group_id: string;
  account_id: string;
  traits: JsonDefaulted<Record<string, unknown>>;
  traits_pending: Defaulted<boolean>;
  updated_at: Timestamp;
}
