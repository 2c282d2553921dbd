/** Kysely table types of surveys sent by Tenure (0043, docs/surveys.md). Kept by hand next to the migration. */
import type { Defaulted, Instant, JsonDefaulted, NullableInstant, Timestamp } from './columns.js';

export type SurveyKind = 'nps' | 'csat' | 'custom';
export type SurveyScale = '0-10' | '1-5';

export interface SurveysTable {
  id: Defaulted<string>;
  name: string;
  kind: SurveyKind;
  scale: SurveyScale;
  question: JsonDefaulted<Partial<Record<'zh-CN' | 'en', string>>>;
  template_id: string;
  throttle_days: Defaulted<number>;
  active: Defaulted<boolean>;
  /** Sent by itself to a closed ticket's requester (0046). */
  on_ticket_close: Defaulted<boolean>;
  ticket_close_since: NullableInstant;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SurveySendsTable {
  id: string;
  survey_id: string;
  account_id: string;
  contact_id: string;
  token: string;
  status: 'pending' | 'sent' | 'skipped' | 'failed';
  reason: string | null;
  message_send_id: string | null;
  locale: string | null;
  created_at: Timestamp;
  sent_at: NullableInstant;
  expires_at: Instant;
  responded_at: NullableInstant;
  score: number | null;
  comment: string | null;
  nps_response_id: string | null;
  /** The closed ticket this invitation followed (0046); one per survey × ticket. */
  ticket_id: string | null;
  /** What asked for this invitation exactly once (0049): `ticket:<id>`, `journey:<participant>:<step>:<contact>`. */
  claim_key: string | null;
}
