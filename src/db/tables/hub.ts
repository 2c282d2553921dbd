/** Kysely table types of the customer data hub (§1) and the team (§11): accounts, contacts, subscriptions, timeline, segments, imports, audit, tickets, NPS, settings. Kept by hand next to the migrations they mirror. */
import type { Generated } from 'kysely';
import type { Timestamp, CreatedAt, CalendarDate, Json, Defaulted, JsonDefaulted, NullableInstant } from './columns.js';

export type Role = 'admin' | 'cs_manager' | 'csm' | 'onboarding' | 'sales' | 'support' | 'viewer';

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  locale: 'zh-CN' | 'en' | null;
  active: Generated<boolean>;
  last_login_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  expires_at: Date;
}

/** Sign-in attempts per key (digest of an address or an email) in the current one-minute window (0019). */
export interface LoginAttemptsTable {
  key: string;
  window_start: Date;
  attempts: number;
}

export interface ApiTokensTable {
  id: Generated<string>;
  name: string;
  role: Role;
  token_hash: string;
  prefix: string;
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface AccountsTable {
  id: Generated<string>;
  external_id: string | null;
  name: string;
  domain: string | null;
  industry: string | null;
  employees: number | null;
  region: string | null;
  parent_id: string | null;
  owner_id: string | null;
  sales_owner_id: string | null;
  tier: 'high_touch' | 'low_touch' | 'tech_touch' | null;
  lifecycle_stage: 'prospect' | 'handoff' | 'onboarding' | 'adoption' | 'renewal' | 'renewed' | 'churned' | null;
  attributes: JsonDefaulted<Record<string, unknown>>;
  first_paid_on: CalendarDate | null;
  churned_on: CalendarDate | null;
  onboarding_manager_id: Defaulted<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Date | null;
}

export interface ContactsTable {
  id: Generated<string>;
  account_id: string;
  external_id: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  role: 'decision_maker' | 'economic_buyer' | 'champion' | 'end_user' | 'blocker' | null;
  is_primary: Generated<boolean>;
  last_seen_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Date | null;
}

export type Interval = 'month' | 'quarter' | 'year';

export interface PlansTable {
  id: Generated<string>;
  code: string;
  name: string;
  amount_minor: number;
  currency: string;
  interval: Interval;
  created_at: CreatedAt;
}

export interface SubscriptionsTable {
  id: Generated<string>;
  account_id: string;
  external_id: string | null;
  created_at: CreatedAt;
}

export interface SubscriptionVersionsTable {
  id: Generated<string>;
  subscription_id: string;
  account_id: string;
  plan: string | null;
  quantity: Defaulted<number>;
  amount_minor: number;
  currency: string;
  interval: Interval;
  starts_on: CalendarDate;
  ends_on: CalendarDate | null;
  status: Defaulted<'active' | 'trialing' | 'past_due' | 'canceled'>;
  created_at: CreatedAt;
}

export type ActivityType = 'note' | 'call' | 'meeting' | 'visit' | 'email' | 'qbr' | 'system';

export interface ActivitiesTable {
  id: Generated<string>;
  account_id: string;
  contact_id: string | null;
  type: ActivityType;
  subject: string | null;
  body: string | null;
  data: JsonDefaulted<Record<string, unknown>>;
  author_id: string | null;
  occurred_at: Timestamp;
  created_at: CreatedAt;
}

export interface SegmentsTable {
  id: Generated<string>;
  name: string;
  description: string | null;
  rules: Json<unknown>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SavedViewsTable {
  id: Generated<string>;
  user_id: string;
  page: string;
  name: string;
  state: Json<Record<string, unknown>>;
  created_at: CreatedAt;
}

export interface ImportJobsTable {
  id: Generated<string>;
  kind: 'accounts' | 'contacts' | 'subscriptions' | 'usage' | 'tickets' | 'nps';
  file_name: string;
  state: Defaulted<'running' | 'done' | 'failed'>;
  rows: Defaulted<number>;
  imported: Defaulted<number>;
  total_bytes: Defaulted<number>;
  read_bytes: Defaulted<number>;
  report: Json<unknown> | null;
  error: string | null;
  created_by: string | null;
  created_by_name: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  finished_at: Date | null;
  /** The attempt that owns a running import (migration 0021). */
  attempt: Defaulted<number>;
  /** The upload's extension, `.csv` or `.xlsx` (migration 0021). */
  file_type: Defaulted<string>;
}

/** An API upload kept until its import job is over, in pieces of at most 1 MiB (migration 0021). */
export interface ImportUploadsTable {
  import_id: string;
  seq: number;
  data: Uint8Array;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_type: 'user' | 'token' | 'system' | 'cli';
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  at: CreatedAt;
}

export interface TicketsTable {
  id: Generated<string>;
  account_id: string;
  external_id: string | null;
  contact_id: string | null;
  subject: string;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  status: 'open' | 'pending' | 'solved' | 'closed';
  opened_at: Timestamp;
  closed_at: NullableInstant;
  /** Migration 0024; null for tickets imported without one. */
  type: 'question' | 'problem' | 'bug' | 'feature_request' | 'incident' | null;
  /** Customer satisfaction 1–5 (0024); null until rated. */
  csat: number | null;
}

export interface NpsResponsesTable {
  id: Generated<string>;
  account_id: string;
  contact_id: string | null;
  external_id: string | null;
  score: number;
  comment: string | null;
  responded_at: Timestamp;
}

export interface SettingsTable {
  key: string;
  value: Json<unknown>;
  updated_at: Timestamp;
}
