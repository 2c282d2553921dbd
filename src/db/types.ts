/**
 * Kysely types of every table, kept by hand next to the SQL migrations they mirror: one file per
 * area in ./tables/, gathered here into the database interface the query builder is typed with.
 */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { AccountFactsTable } from './tables/facts.js';
import type { ConnectorConfigsTable, ConnectorRunsTable } from './tables/connectors.js';
import type {
  UsersTable,
  SessionsTable,
  LoginAttemptsTable,
  ApiTokensTable,
  AccountsTable,
  ContactsTable,
  PlansTable,
  SubscriptionsTable,
  SubscriptionVersionsTable,
  ActivitiesTable,
  SegmentsTable,
  SavedViewsTable,
  ImportJobsTable,
  ImportUploadsTable,
  AuditLogTable,
  TicketsTable,
  NpsResponsesTable,
  SettingsTable,
} from './tables/hub.js';
import type {
  UsageDailyTable,
  UsageModuleTotalsTable,
  UsageModuleTotalsStateTable,
  WriteKeysTable,
  UsageEventsTable,
  UsagePendingTable,
  UsageEventPeopleTable,
  UsageActiveDailyTable,
  UsageUserDailyTable,
  EventCatalogueTable,
  TrackingProfilesTable,
  TrackingGroupsTable,
} from './tables/usage.js';
import type {
  StripeEventsTable,
  StripeCustomersTable,
  StripeSubscriptionsTable,
  StripeDiscountsTable,
  StripeCouponsTable,
  StripeInvoicesTable,
} from './tables/billing.js';
import type {
  PredictionModelsTable,
  PredictionScoresTable,
  PredictionJobsTable,
  HealthScorecardsTable,
  HealthMeasuresTable,
  HealthSentimentsTable,
  HealthSnapshotsTable,
  HealthMeasureSnapshotsTable,
} from './tables/scores.js';
import type {
  AccountSignalsTable,
  LifecycleOverridesTable,
  CustomerSendsTable,
  CustomerMessagesTable,
  HandoffsTable,
  NotificationsTable,
  NotificationChannelsTable,
  NotificationDeliveriesTable,
  NotificationDigestsTable,
} from './tables/operations.js';
import type {
  RenewalsTable,
  RenewalSegmentSettingsTable,
  RenewalRaciTable,
  ExpansionOpportunitiesTable,
  ExpansionStageHistoryTable,
  AdvocatesTable,
  ReferralsTable,
} from './tables/renewals.js';
import type {
  MilestoneTemplatesTable,
  AccountMilestonesTable,
  PlaybooksTable,
  PlaybookTasksTable,
  CtaRulesTable,
  CtasTable,
  CtaTasksTable,
  CtaCommentsTable,
  CtaMeetingNotesTable,
  CtaEpisodesTable,
} from './tables/ctas.js';
import type { MaturityAssessmentsTable } from './tables/maturity.js';
import type { ValueReportSendsTable, ValueReportSettingsTable } from './tables/value.js';
import type {
  ContactMessagePreferencesTable,
  MessageEventsTable,
  MessageSendsTable,
  MessageSuppressionsTable,
  MessageTemplatesTable,
  MessagingSettingsTable,
  AccountChatGroupsTable,
} from './tables/messaging.js';
import type { AccountMaturityAssessmentsTable, FitCriteriaTable } from './tables/fit.js';
import type {
  AccountValueNeedsTable,
  SuccessObjectivesTable,
  SuccessPlanLinksTable,
  SuccessPlanTemplatesTable,
  SuccessTasksTable,
  ValuePointsTable,
} from './tables/successplans.js';
import type { ReviewCadencesTable } from './tables/reviews.js';
import type {
  FeatureRequestAccountsTable,
  FeatureRequestsTable,
  VocCategoriesTable,
  VocTagLinksTable,
  VocTagsTable,
} from './tables/voc.js';
import type { SsoConfigTable, SsoRequestsTable } from './tables/sso.js';
import type {
  ScimTokensTable,
  ScimUsersTable,
  ScimGroupsTable,
  ScimGroupMembersTable,
  ScimRoleMappingsTable,
  ScimRequestsTable,
} from './tables/scim.js';
export type * from './tables/hub.js';
export type * from './tables/usage.js';
export type * from './tables/billing.js';
export type * from './tables/scores.js';
export type * from './tables/operations.js';
export type * from './tables/renewals.js';
export type * from './tables/ctas.js';
export type * from './tables/facts.js';
export type * from './tables/maturity.js';
export type * from './tables/messaging.js';
export type * from './tables/successplans.js';
export type * from './tables/reviews.js';
export type * from './tables/voc.js';
export type * from './tables/connectors.js';
export type * from './tables/sso.js';
export type * from './tables/scim.js';
export type * from './tables/value.js';

export interface DB {
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  api_tokens: ApiTokensTable;
  sso_config: SsoConfigTable;
  sso_requests: SsoRequestsTable;
  accounts: AccountsTable;
  account_facts: AccountFactsTable;
  connector_configs: ConnectorConfigsTable;
  connector_runs: ConnectorRunsTable;
  contacts: ContactsTable;
  plans: PlansTable;
  subscriptions: SubscriptionsTable;
  subscription_versions: SubscriptionVersionsTable;
  activities: ActivitiesTable;
  segments: SegmentsTable;
  saved_views: SavedViewsTable;
  audit_log: AuditLogTable;
  import_jobs: ImportJobsTable;
  import_uploads: ImportUploadsTable;
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
  usage_module_totals: UsageModuleTotalsTable;
  usage_module_totals_state: UsageModuleTotalsStateTable;
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
  cta_episodes: CtaEpisodesTable;
  cta_tasks: CtaTasksTable;
  cta_comments: CtaCommentsTable;
  cta_meeting_notes: CtaMeetingNotesTable;
  health_scorecards: HealthScorecardsTable;
  health_measures: HealthMeasuresTable;
  health_sentiments: HealthSentimentsTable;
  health_snapshots: HealthSnapshotsTable;
  health_measure_snapshots: HealthMeasureSnapshotsTable;
  maturity_assessments: MaturityAssessmentsTable;
  message_templates: MessageTemplatesTable;
  contact_message_preferences: ContactMessagePreferencesTable;
  message_suppressions: MessageSuppressionsTable;
  message_sends: MessageSendsTable;
  message_events: MessageEventsTable;
  messaging_settings: MessagingSettingsTable;
  account_chat_groups: AccountChatGroupsTable;
  fit_criteria: FitCriteriaTable;
  account_maturity_assessments: AccountMaturityAssessmentsTable;
  value_points: ValuePointsTable;
  account_value_needs: AccountValueNeedsTable;
  success_objectives: SuccessObjectivesTable;
  success_tasks: SuccessTasksTable;
  success_plan_templates: SuccessPlanTemplatesTable;
  success_plan_links: SuccessPlanLinksTable;
  review_cadences: ReviewCadencesTable;
  voc_categories: VocCategoriesTable;
  voc_tags: VocTagsTable;
  voc_tag_links: VocTagLinksTable;
  feature_requests: FeatureRequestsTable;
  feature_request_accounts: FeatureRequestAccountsTable;
  scim_tokens: ScimTokensTable;
  scim_users: ScimUsersTable;
  scim_groups: ScimGroupsTable;
  scim_group_members: ScimGroupMembersTable;
  scim_role_mappings: ScimRoleMappingsTable;
  scim_requests: ScimRequestsTable;
  value_report_settings: ValueReportSettingsTable;
  value_report_sends: ValueReportSendsTable;
  surveys: import('./tables/surveys.js').SurveysTable;
  survey_sends: import('./tables/surveys.js').SurveySendsTable;
  journeys: import('./tables/journeys.js').JourneysTable;
  journey_versions: import('./tables/journeys.js').JourneyVersionsTable;
  journey_participants: import('./tables/journeys.js').JourneyParticipantsTable;
  segment_manual_members: import('./tables/journeys.js').SegmentManualMembersTable;
}

export type Account = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type Contact = Selectable<ContactsTable>;
export type User = Selectable<UsersTable>;
