import { account360Module } from './account360/account360.module.js';
import { activationModule } from './activation/activation.module.js';
import { accountsModule } from './accounts/accounts.module.js';
import { auditModule } from './audit/audit.module.js';
import { authModule } from './auth/auth.module.js';
import { benchmarksModule } from './benchmarks/benchmarks.module.js';
import { billingModule } from './billing/billing.module.js';
import { connectorsModule } from './connectors/connectors.module.js';
import { contactsModule } from './contacts/contacts.module.js';
import { ctasModule } from './ctas/ctas.module.js';
import { factsModule } from './facts/facts.module.js';
import { handoffModule } from './handoff/handoff.module.js';
import { healthModule } from './health/health.module.js';
import { homeModule } from './home/home.module.js';
import { importsModule } from './imports/imports.module.js';
import { journeysModule } from './journeys/journeys.module.js';
import { lifecycleModule } from './lifecycle/lifecycle.module.js';
import type { TenureModule } from './module.js';
import { mailModule } from './mail/mail.module.js';
import { metricsModule } from './metrics/metrics.module.js';
import { maturityModule } from './maturity/maturity.module.js';
import { messagingModule } from './messaging/messaging.module.js';
import { fitModule } from './fit/fit.module.js';
import { reviewsModule } from './reviews/reviews.module.js';
import { vocModule } from './voc/voc.module.js';
import { milestonesModule } from './milestones/milestones.module.js';
import { notificationsModule } from './notifications/notifications.module.js';
import { predictionModule } from './prediction/prediction.module.js';
import { renewalsModule } from './renewals/renewals.module.js';
import { scimModule } from './scim/scim.module.js';
import { segmentsModule } from './segments/segments.module.js';
import { settingsModule } from './settings/settings.module.js';
import { setupModule } from './setup/setup.module.js';
import { subscriptionsModule } from './subscriptions/subscriptions.module.js';
import { successPlansModule } from './successplans/successplans.module.js';
import { surveysModule } from './surveys/surveys.module.js';
import { teamModule } from './team/team.module.js';
import { ticketsModule } from './tickets/tickets.module.js';
import { timelineModule } from './timeline/timeline.module.js';
import { trackingModule } from './tracking/tracking.module.js';
import { usageModule } from './usage/usage.module.js';
import { usersModule } from './users/users.module.js';
import { valueModule } from './value/value.module.js';
import { viewsModule } from './views/views.module.js';
import { welcomeModule } from './welcome/welcome.module.js';

/**
 * Every module, the one place a module is added (module.ts describes a manifest). The app registers
 * routes in this order, the CLI adds commands in it; account-change listeners run by their own
 * `order`. `as const` keeps each manifest's job names and payload types (src/jobs/registry.ts).
 */
export const moduleList = [
  authModule,
  usersModule,
  setupModule,
  accountsModule,
  account360Module,
  benchmarksModule,
  contactsModule,
  timelineModule,
  subscriptionsModule,
  segmentsModule,
  auditModule,
  metricsModule,
  settingsModule,
  viewsModule,
  usageModule,
  trackingModule,
  importsModule,
  healthModule,
  predictionModule,
  lifecycleModule,
  handoffModule,
  notificationsModule,
  welcomeModule,
  ctasModule,
  milestonesModule,
  billingModule,
  renewalsModule,
  mailModule,
  surveysModule,
  ticketsModule,
  connectorsModule,
  homeModule,
  teamModule,
  maturityModule,
  fitModule,
  reviewsModule,
  vocModule,
  factsModule,
  scimModule,
  messagingModule,
  successPlansModule,
  activationModule,
  valueModule,
  journeysModule,
] as const;

/** The same list as the loops see it: the manifest contract only. */
export const modules: readonly TenureModule[] = moduleList;
