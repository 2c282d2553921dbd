/** Kysely table types of the monthly value reports (0041, docs/value-reports.md). Kept by hand next to the migration. */
import type { Defaulted, Instant, NullableInstant, Timestamp } from './columns.js';

export interface ValueReportSettingsTable {
  account_id: string;
  enabled: boolean;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface ValueReportSendsTable {
  account_id: string;
  month: string;
  status: 'claimed' | 'sent' | 'skipped' | 'failed';
  contact_id: string | null;
  email: string | null;
  locale: string | null;
  attempts: Defaulted<number>;
  error: string | null;
  claimed_at: Instant;
  sent_at: NullableInstant;
}
