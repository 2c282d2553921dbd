/** Kysely table types of customer messaging (0042, docs/messaging.md). Kept by hand next to the migration. */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Defaulted, Instant, Json, NullableInstant, Timestamp } from './columns.js';

export type TemplateContent = Partial<Record<'zh-CN' | 'en', { subject: string; body: string; button?: string }>>;
/** In-app templates (0045, docs/inapp.md): how the snippet shows the message, and where its button goes. */
export type InAppOptions = { style: 'modal' | 'banner'; buttonUrl: string | null };

export interface MessageTemplatesTable {
  id: Generated<string>;
  name: string;
  channel: 'email' | 'sms' | 'webhook' | 'in_app' | 'chat';
  message_type: 'transactional' | 'marketing';
  content: Json<TemplateContent>;
  track_opens: Defaulted<boolean>;
  track_clicks: Defaulted<boolean>;
  webhook_url: string | null;
  in_app: ColumnType<InAppOptions | null, string | null | undefined, string | null>;
  /** The purpose of a built-in template (`value-report`), null for one a person made. */
  builtin: ColumnType<string | null, string | null | undefined, string | null>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  deleted_at: Date | null;
}

export interface ContactMessagePreferencesTable {
  contact_id: string;
  email_marketing: Defaulted<boolean>;
  sms: Defaulted<boolean>;
  unsubscribed_at: NullableInstant;
  updated_at: Timestamp;
}

export interface MessageSuppressionsTable {
  address: string;
  reason: 'bounce' | 'complaint' | 'manual';
  detail: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface MessageSendsTable {
  id: Generated<string>;
  idempotency_key: string;
  template_id: string | null;
  template_name: string;
  channel: string;
  message_type: string;
  account_id: string | null;
  contact_id: string | null;
  address: string | null;
  locale: string | null;
  subject: string | null;
  status: 'claimed' | 'queued' | 'sent' | 'skipped' | 'failed';
  reason: string | null;
  attempts: Defaulted<number>;
  error: string | null;
  provider_id: string | null;
  payload: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  test: Defaulted<boolean>;
  claimed_at: Instant;
  sent_at: NullableInstant;
  /** In-app: closed by the contact (or clicked); no longer shown. */
  dismissed_at: NullableInstant;
}

export interface MessageEventsTable {
  id: Generated<string>;
  send_id: string;
  type: 'open' | 'click' | 'bounce' | 'reply' | 'unsubscribe' | 'view';
  url: string | null;
  /** A reply's own text (0047). */
  detail: string | null;
  occurred_at: Timestamp;
}

export interface MessagingSettingsTable {
  id: Defaulted<number>;
  secret: string;
  sms_provider: Defaulted<'log' | 'twilio'>;
  sms_config: Json<Record<string, string>>;
  /** Signs in-app identities (docs/inapp.md); null until an admin makes one. */
  inapp_secret: string | null;
  updated_at: Timestamp;
}

/** A customer's own chat group and its custom robot (0048): where `chat` templates go for that account. */
export interface AccountChatGroupsTable {
  account_id: string;
  provider: 'wecom' | 'dingtalk' | 'feishu';
  name: string;
  webhook_url: string;
  secret: string | null;
  updated_by: string | null;
  updated_at: Timestamp;
}
