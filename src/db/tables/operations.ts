/** Kysely table types of background work and touches (§4, §8): signals, lifecycle, handoff, welcome sends, notifications. Kept by hand next to the migrations they mirror. */
import type { Generated } from 'kysely';
import type { Timestamp, CreatedAt, Defaulted, JsonDefaulted, Instant, NullableInstant } from './columns.js';

export interface AccountSignalsTable {
  account_id: string;
  source: string;
  seq: Generated<number>;
}

export interface LifecycleOverridesTable {
  account_id: string;
  stage: 'prospect' | 'handoff' | 'onboarding' | 'adoption' | 'renewal' | 'renewed' | 'churned';
  reason: string;
  set_by: string | null;
  set_at: Timestamp;
}

export interface CustomerSendsTable {
  account_id: string;
  kind: string;
  status: 'claimed' | 'sent' | 'skipped' | 'failed';
  contact_id: string | null;
  email: string | null;
  locale: string | null;
  attempts: Defaulted<number>;
  error: string | null;
  claimed_at: Instant;
  sent_at: NullableInstant;
}

export interface CustomerMessagesTable {
  id: Generated<string>;
  account_id: string;
  contact_id: string | null;
  kind: string;
  locale: string;
  title: string;
  body: string;
  created_at: CreatedAt;
}

export interface HandoffsTable {
  account_id: string;
  status: Defaulted<'draft' | 'handed_over'>;
  answers: JsonDefaulted<Record<string, string>>;
  deal_size_minor: number | null;
  sales_cycle_days: number | null;
  implementation_days: number | null;
  handed_over_at: Date | null;
  handed_over_by: string | null;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  event: string;
  title_key: string;
  body_key: string | null;
  params: JsonDefaulted<Record<string, unknown>>;
  link: string | null;
  account_id: string | null;
  dedupe_key: string | null;
  created_at: CreatedAt;
  read_at: Date | null;
}

export type ChannelKind = 'wecom' | 'dingtalk' | 'feishu' | 'slack';

export interface NotificationChannelsTable {
  id: Generated<string>;
  kind: ChannelKind;
  name: string;
  url: string;
  secret: string | null;
  events: Defaulted<string[]>;
  enabled: Defaulted<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface NotificationDeliveriesTable {
  channel_id: string;
  idempotency_key: string;
  status: 'claimed' | 'sent' | 'failed';
  attempts: Defaulted<number>;
  error: string | null;
  claimed_at: Instant;
  sent_at: NullableInstant;
}

export interface NotificationDigestsTable {
  user_id: string;
  day: string;
  status: 'claimed' | 'sent' | 'skipped' | 'failed';
  claimed_at: Instant;
  sent_at: NullableInstant;
}
