import type { DB } from './types.js';

/**
 * Who owns each table: the module (folder under src/modules, or `jobs` for src/jobs) whose repository
 * or read model alone reads and writes it. Other modules go through the owner's service or a read
 * model it publishes (e.g. src/modules/accounts/accounts.read.ts). test/ownership.test.ts scans
 * src/modules for Kysely and raw SQL that names a table and fails on any module touching a table it
 * does not own, except the explicit, shrinking allow-list kept there. Checked against DB below, so a
 * new table does not compile until it has an owner here.
 */
export const TABLE_OWNERS = {
  users: 'users',
  sessions: 'auth',
  login_attempts: 'auth',
  api_tokens: 'auth',
  // Single sign-on (0032, docs/sso.md): the configuration and sign-ins under way.
  sso_config: 'auth',
  sso_requests: 'auth',
  accounts: 'accounts',
  // Hot figures for lists (0023): written through the accounts service by each figure's owner.
  account_facts: 'accounts',
  contacts: 'contacts',
  plans: 'subscriptions',
  subscriptions: 'subscriptions',
  subscription_versions: 'subscriptions',
  activities: 'timeline',
  segments: 'segments',
  saved_views: 'views',
  audit_log: 'audit',
  import_jobs: 'imports',
  import_uploads: 'imports',
  tickets: 'tickets',
  nps_responses: 'surveys',
  usage_daily: 'usage',
  settings: 'settings',
  write_keys: 'tracking',
  usage_events: 'usage',
  usage_pending: 'usage',
  usage_event_people: 'usage',
  usage_active_daily: 'usage',
  usage_user_daily: 'usage',
  event_catalogue: 'usage',
  usage_module_totals: 'usage',
  usage_module_totals_state: 'usage',
  tracking_profiles: 'tracking',
  tracking_groups: 'tracking',
  stripe_events: 'billing',
  stripe_customers: 'billing',
  stripe_subscriptions: 'billing',
  stripe_discounts: 'billing',
  stripe_coupons: 'billing',
  stripe_invoices: 'billing',
  prediction_models: 'prediction',
  prediction_scores: 'prediction',
  prediction_jobs: 'prediction',
  account_signals: 'jobs',
  lifecycle_overrides: 'lifecycle',
  customer_sends: 'welcome',
  customer_messages: 'welcome',
  handoffs: 'handoff',
  notifications: 'notifications',
  notification_channels: 'notifications',
  notification_deliveries: 'notifications',
  notification_digests: 'notifications',
  renewals: 'renewals',
  renewal_segment_settings: 'renewals',
  renewal_raci: 'renewals',
  expansion_opportunities: 'renewals',
  expansion_stage_history: 'renewals',
  advocates: 'renewals',
  referrals: 'renewals',
  milestone_templates: 'milestones',
  account_milestones: 'milestones',
  playbooks: 'ctas',
  playbook_tasks: 'ctas',
  cta_rules: 'ctas',
  ctas: 'ctas',
  cta_episodes: 'ctas',
  cta_tasks: 'ctas',
  cta_comments: 'ctas',
  cta_meeting_notes: 'ctas',
  health_scorecards: 'health',
  health_measures: 'health',
  health_sentiments: 'health',
  health_snapshots: 'health',
  health_measure_snapshots: 'health',
  maturity_assessments: 'maturity',
  // Monthly value reports (0041, docs/value-reports.md): on/off per account, one send per account and month.
  value_report_settings: 'value',
  value_report_sends: 'value',
  // Customer messaging (0042, docs/messaging.md): templates, consent, suppression, sends and their events.
  message_templates: 'messaging',
  contact_message_preferences: 'messaging',
  message_suppressions: 'messaging',
  message_sends: 'messaging',
  message_events: 'messaging',
  messaging_settings: 'messaging',
  account_chat_groups: 'messaging',
  // Surveys sent by Tenure (0043, docs/surveys.md): definitions and one send per survey × contact.
  surveys: 'surveys',
  survey_sends: 'surveys',
  // Journeys (0044, docs/journeys.md): definitions, published versions, participants, claimed step effects.
  journeys: 'journeys',
  journey_versions: 'journeys',
  journey_participants: 'journeys',
  // Accounts put in or taken out of a segment by hand or by a journey (0044), on top of its rules.
  segment_manual_members: 'segments',
  // ICP fit and customer maturity (0040, docs/fit-and-maturity.md).
  fit_criteria: 'fit',
  account_maturity_assessments: 'fit',
  // Success plans (0037, docs/success-plans.md): value points, needs mapped at handoff, objectives, tasks, templates, share links.
  value_points: 'successplans',
  account_value_needs: 'successplans',
  success_objectives: 'successplans',
  success_tasks: 'successplans',
  success_plan_templates: 'successplans',
  success_plan_links: 'successplans',
  review_cadences: 'reviews',
  // Voice of the customer (0039, docs/voc.md): the tag taxonomy, tags on items, feature requests.
  voc_categories: 'voc',
  voc_tags: 'voc',
  voc_tag_links: 'voc',
  feature_requests: 'voc',
  feature_request_accounts: 'voc',
  // Connectors (0033, docs/connectors.md): each vendor's configuration, cursor and sync log.
  connector_configs: 'connectors',
  connector_runs: 'connectors',
  scim_tokens: 'scim',
  scim_users: 'scim',
  scim_groups: 'scim',
  scim_group_members: 'scim',
  scim_role_mappings: 'scim',
  scim_requests: 'scim',
} as const;

// Every table in DB needs an owner (a missing one does not compile); a table named here before its
// migration lands in DB is allowed.
const everyTableOwned: Record<keyof DB, string> = TABLE_OWNERS;
void everyTableOwned;

export type Table = keyof typeof TABLE_OWNERS;
