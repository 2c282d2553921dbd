/** Kysely table types of connectors (0033, docs/connectors.md). Kept by hand next to the migration they mirror. */
import type { Defaulted, Instant, JsonDefaulted, NullableInstant, Json, Timestamp } from './columns.js';

export type ConnectorVendor = 'zendesk' | 'hubspot' | 'salesforce';

export interface ConnectorConfigsTable {
  vendor: ConnectorVendor;
  enabled: Defaulted<boolean>;
  settings: JsonDefaulted<Record<string, string>>;
  credentials: Json<Record<string, string>> | null;
  cursor: JsonDefaulted<Record<string, string>>;
  updated_at: Timestamp;
}

export interface ConnectorRefusal {
  externalId: string;
  code: string;
  params: Record<string, string | number>;
}

export interface ConnectorRunsTable {
  id: Defaulted<number>;
  vendor: ConnectorVendor;
  trigger: 'schedule' | 'manual';
  status: Defaulted<'running' | 'succeeded' | 'failed'>;
  started_at: Instant;
  finished_at: NullableInstant;
  received: Defaulted<number>;
  inserted: Defaulted<number>;
  updated: Defaulted<number>;
  deleted: Defaulted<number>;
  refused: Defaulted<number>;
  /** CRM write-back (0036): records whose fields this run pushed to the vendor. */
  written_back: Defaulted<number>;
  refusals: JsonDefaulted<ConnectorRefusal[]>;
  error: Json<{ code: string; params: Record<string, string | number> }> | null;
}
