/** Kysely table types, kept by hand next to the SQL migrations they mirror. */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** Calendar dates travel as 'YYYY-MM-DD' strings. */
type CalendarDate = string;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;
/** A column with a database default: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type JsonDefaulted<T> = ColumnType<T, string | T | undefined, string | T>;

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
  closed_at: Date | string | null;
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
  /** Generated: user_id, else 'anon:' || anonymous_id. */
  person: ColumnType<string, never, never>;
  group_id: string | null;
  account_id: string | null;
  timestamp: Timestamp;
  day: CalendarDate;
  original_timestamp: Date | string | null;
  sent_at: Date | string | null;
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

export interface SettingsTable {
  key: string;
  value: Json<unknown>;
  updated_at: Timestamp;
}

export interface StripeEventsTable {
  id: string;
  type: string;
  created: Timestamp;
  received_at: Defaulted<Date>;
  outcome: 'applied' | 'stale' | 'ignored';
  payload: Json<unknown>;
}

export interface StripeCustomersTable {
  id: string;
  account_id: string | null;
  event_created: Timestamp;
  data: Json<unknown>;
  updated_at: Defaulted<Date>;
}

export interface StripeSubscriptionsTable {
  id: string;
  customer_id: string;
  account_id: string | null;
  event_created: Timestamp;
  status: string;
  data: Json<unknown>;
  payment_status: 'paid' | 'failed' | null;
  payment_event_at: Date | string | null;
  updated_at: Defaulted<Date>;
}

export interface StripeDiscountsTable {
  id: string;
  subscription_id: string | null;
  coupon_id: string | null;
  deleted: Defaulted<boolean>;
  event_created: Timestamp;
  data: Json<unknown>;
}

export interface StripeCouponsTable {
  id: string;
  deleted: Defaulted<boolean>;
  event_created: Timestamp;
  data: Json<unknown>;
}

export interface StripeInvoicesTable {
  id: string;
  account_id: string | null;
  customer_id: string;
  subscription_id: string | null;
  status: 'paid' | 'payment_failed';
  amount_due: number;
  amount_paid: number;
  currency: string;
  period_start: Date | string | null;
  period_end: Date | string | null;
  paid_at: Date | string | null;
  event_created: Timestamp;
  updated_at: Defaulted<Date>;
}

export interface HealthScorecardsTable {
  id: Generated<string>;
  name: string;
  description: string | null;
  red_below: Defaulted<number>;
  green_from: Defaulted<number>;
  segment_ids: Defaulted<string[]>;
  max_tenure_days: number | null;
  active: Defaulted<boolean>;
  is_primary: Defaulted<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface HealthMeasuresTable {
  id: Generated<string>;
  scorecard_id: string;
  position: number;
  type: string;
  attribute_key: string | null;
  weight: number;
  bad: number;
  good: number;
}

export interface HealthSentimentsTable {
  id: Generated<string>;
  account_id: string;
  value: number;
  comment: string | null;
  set_on: CalendarDate;
  expires_on: CalendarDate;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface HealthSnapshotsTable {
  scorecard_id: string;
  account_id: string;
  day: CalendarDate;
  score: number;
  color: 'red' | 'yellow' | 'green';
  measure_ids: string[];
  measure_values: (number | null)[];
  measure_scores: (number | null)[];
  measure_weights: number[];
}

/** A view: health_snapshots' measure arrays, one row per measure. */
export interface HealthMeasureSnapshotsTable {
  scorecard_id: string;
  account_id: string;
  day: CalendarDate;
  measure_id: string;
  value: number | null;
  score: number | null;
  weight: number;
}

export interface DB {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  accounts: AccountsTable;
  contacts: ContactsTable;
  plans: PlansTable;
  subscriptions: SubscriptionsTable;
  subscription_versions: SubscriptionVersionsTable;
  activities: ActivitiesTable;
  segments: SegmentsTable;
  saved_views: SavedViewsTable;
  audit_log: AuditLogTable;
  import_jobs: ImportJobsTable;
  tickets: TicketsTable;
  nps_responses: NpsResponsesTable;
  usage_daily: UsageDailyTable;
  settings: SettingsTable;
  write_keys: WriteKeysTable;
  usage_events: UsageEventsTable;
  usage_pending: UsagePendingTable;
  usage_event_people: UsageEventPeopleTable;
  usage_active_daily: UsageActiveDailyTable;
  usage_user_daily: UsageUserDailyTable;
  event_catalogue: EventCatalogueTable;
  tracking_profiles: TrackingProfilesTable;
  tracking_groups: TrackingGroupsTable;
  stripe_events: StripeEventsTable;
  stripe_customers: StripeCustomersTable;
  stripe_subscriptions: StripeSubscriptionsTable;
  stripe_discounts: StripeDiscountsTable;
  stripe_coupons: StripeCouponsTable;
  stripe_invoices: StripeInvoicesTable;
  health_scorecards: HealthScorecardsTable;
  health_measures: HealthMeasuresTable;
  health_sentiments: HealthSentimentsTable;
  health_snapshots: HealthSnapshotsTable;
  health_measure_snapshots: HealthMeasureSnapshotsTable;
}

export type Account = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type Contact = Selectable<ContactsTable>;
export type User = Selectable<UsersTable>;
