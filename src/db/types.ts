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

export interface PredictionModelsTable {
  id: Generated<string>;
  requested: Json<string[] | null>;
  features: Json<{ key: string; kind: 'numeric' | 'categorical'; family: string }[]>;
  n: number;
  positives: number;
  validation: 'time' | 'cv';
  auc: number | null;
  folds: Json<number[]>;
  brier: number | null;
  calibration: Json<unknown>;
  model: Json<unknown>;
  trained_by_name: string | null;
  created_at: CreatedAt;
}

export interface PredictionScoresTable {
  account_id: string;
  model_id: string;
  renewal_probability: number;
  top_factors: Json<unknown>;
  computed_at: Date;
}

export interface PredictionJobsTable {
  id: Generated<string>;
  state: Defaulted<'running' | 'done' | 'failed'>;
  progress: Defaulted<number>;
  requested: Json<string[] | null> | null;
  model_id: string | null;
  error: string | null;
  created_by: string | null;
  created_by_name: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  finished_at: Date | null;
}

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
  claimed_at: Date | string;
  sent_at: Date | string | null;
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
  claimed_at: Date | string;
  sent_at: Date | string | null;
}

export interface NotificationDigestsTable {
  user_id: string;
  day: string;
  status: 'claimed' | 'sent' | 'skipped' | 'failed';
  claimed_at: Date | string;
  sent_at: Date | string | null;
}

export type RenewalCategory = 'commit' | 'likely' | 'at_risk' | 'lost';
export type RenewalOutcome = 'renewed' | 'expanded' | 'downgraded' | 'churned';
export type ChurnReason = 'price_budget' | 'product_fit' | 'low_adoption' | 'poor_onboarding' | 'support_quality' | 'champion_left' | 'competitor' | 'business_closed' | 'other';

export interface RenewalsTable {
  id: Generated<string>;
  account_id: string;
  renews_on: CalendarDate;
  category: RenewalCategory | null;
  category_set_by: string | null;
  category_set_by_name: string | null;
  category_set_at: Date | null;
  outcome: RenewalOutcome | null;
  churn_reason: ChurnReason | null;
  outcome_comment: string | null;
  arr_minor: number | null;
  new_arr_minor: number | null;
  outcome_recorded_by: string | null;
  outcome_recorded_by_name: string | null;
  outcome_recorded_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface RenewalSegmentSettingsTable {
  segment_id: string;
  renewal_manager_id: string | null;
  updated_at: Timestamp;
}

export interface RenewalRaciTable {
  id: Generated<string>;
  segment_id: string | null;
  activity: 'renewal_plan' | 'value_review' | 'negotiation' | 'paperwork' | 'risk_escalation';
  party: 'csm' | 'renewal_manager' | 'cs_manager' | 'sales';
  letter: 'R' | 'A' | 'C' | 'I';
}

export type OpportunityStage = 'identified' | 'qualified' | 'proposal' | 'won' | 'lost';

export interface ExpansionOpportunitiesTable {
  id: Generated<string>;
  account_id: string;
  title: string;
  source: 'rule' | 'support' | 'manual';
  source_ref: string | null;
  ticket_id: string | null;
  stage: Defaulted<OpportunityStage>;
  amount_minor: Defaulted<number>;
  currency: string;
  owner_id: string | null;
  expected_close_on: CalendarDate | null;
  product: string | null;
  notes: string | null;
  created_by_name: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  closed_at: Date | null;
}

export interface ExpansionStageHistoryTable {
  id: Generated<number>;
  opportunity_id: string;
  from_stage: OpportunityStage | null;
  to_stage: OpportunityStage;
  actor_name: string | null;
  at: Timestamp;
}

export type AdvocacyKind = 'reference_call' | 'case_study' | 'review' | 'referral' | 'event_speaker';
export type AdvocacyStage = 'candidate' | 'asked' | 'agreed' | 'done' | 'declined';

export interface AdvocatesTable {
  id: Generated<string>;
  account_id: string;
  contact_id: string | null;
  kind: AdvocacyKind;
  stage: Defaulted<AdvocacyStage>;
  notes: string | null;
  owner_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ReferralsTable {
  id: Generated<string>;
  account_id: string;
  referred_company: string;
  status: Defaulted<'introduced' | 'in_talks' | 'won' | 'lost'>;
  referred_account_id: string | null;
  notes: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export type CtaType = 'risk' | 'expansion' | 'renewal' | 'onboarding' | 'advocacy';
export type CtaPriority = 'low' | 'medium' | 'high' | 'urgent';
export type CtaStatus = 'open' | 'snoozed' | 'closed';
export type CtaOutcome = 'success' | 'no_action_needed' | 'failed' | 'condition_cleared';

export interface MilestoneTemplatesTable {
  id: Generated<string>;
  key: string | null;
  name: string;
  position: Defaulted<number>;
  segment_id: string | null;
  due_days: number;
  auto_event: string | null;
  auto_count: number | null;
  active: Defaulted<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AccountMilestonesTable {
  account_id: string;
  template_id: string;
  due_on: CalendarDate;
  completed_on: CalendarDate | null;
  completed_by: string | null;
  completed_how: 'manual' | 'auto' | null;
  created_at: CreatedAt;
}

export interface PlaybooksTable {
  id: Generated<string>;
  key: string | null;
  name: string;
  description: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PlaybookTasksTable {
  id: Generated<string>;
  playbook_id: string;
  key: string | null;
  position: Defaulted<number>;
  title: string;
  due_days: Defaulted<number>;
  owner_role: string | null;
  email_template: string | null;
}

export interface CtaRulesTable {
  id: Generated<string>;
  key: string | null;
  name: string;
  trigger: string;
  params: JsonDefaulted<Record<string, unknown>>;
  cta_type: CtaType;
  priority: CtaPriority;
  owner: Defaulted<string>;
  due_days: Defaulted<number>;
  playbook_id: string | null;
  segment_id: string | null;
  enabled: Defaulted<boolean>;
  auto_close: Defaulted<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CtasTable {
  id: Generated<string>;
  account_id: string;
  rule_id: string | null;
  playbook_id: string | null;
  type: CtaType;
  reason_key: string;
  reason_params: JsonDefaulted<Record<string, unknown>>;
  title: string | null;
  priority: CtaPriority;
  owner_id: string | null;
  due_on: CalendarDate;
  status: Defaulted<CtaStatus>;
  snoozed_until: CalendarDate | null;
  snooze_reason: string | null;
  outcome: CtaOutcome | null;
  close_reason: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  flagged: Defaulted<boolean>;
  flagged_by: string | null;
  flagged_at: Date | null;
  flag_reason: string | null;
  first_action_at: Date | null;
  created_by: string | null;
  opened_at: Timestamp;
  updated_at: Timestamp;
}

export interface CtaTasksTable {
  id: Generated<string>;
  cta_id: string;
  key: string | null;
  position: Defaulted<number>;
  title: string;
  due_on: CalendarDate;
  owner_role: string | null;
  email_template: string | null;
  done_at: Date | null;
  done_by: string | null;
}

export interface CtaCommentsTable {
  id: Generated<string>;
  cta_id: string;
  author_id: string | null;
  body: string;
  created_at: CreatedAt;
}

export interface CtaMeetingNotesTable {
  id: Generated<string>;
  cta_id: string;
  meeting_on: CalendarDate;
  notes: string | null;
  decision: string;
  author_id: string | null;
  created_at: CreatedAt;
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
  prediction_models: PredictionModelsTable;
  prediction_scores: PredictionScoresTable;
  prediction_jobs: PredictionJobsTable;
  account_signals: AccountSignalsTable;
  lifecycle_overrides: LifecycleOverridesTable;
  customer_sends: CustomerSendsTable;
  customer_messages: CustomerMessagesTable;
  handoffs: HandoffsTable;
  notifications: NotificationsTable;
  notification_channels: NotificationChannelsTable;
  notification_deliveries: NotificationDeliveriesTable;
  notification_digests: NotificationDigestsTable;
  renewals: RenewalsTable;
  renewal_segment_settings: RenewalSegmentSettingsTable;
  renewal_raci: RenewalRaciTable;
  expansion_opportunities: ExpansionOpportunitiesTable;
  expansion_stage_history: ExpansionStageHistoryTable;
  advocates: AdvocatesTable;
  referrals: ReferralsTable;
  milestone_templates: MilestoneTemplatesTable;
  account_milestones: AccountMilestonesTable;
  playbooks: PlaybooksTable;
  playbook_tasks: PlaybookTasksTable;
  cta_rules: CtaRulesTable;
  ctas: CtasTable;
  cta_tasks: CtaTasksTable;
  cta_comments: CtaCommentsTable;
  cta_meeting_notes: CtaMeetingNotesTable;
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
