import type { Kysely } from 'kysely';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { DB } from './db/types.js';
import { createAccountService } from './modules/accounts/accounts.service.js';
import { createAuditService } from './modules/audit/audit.service.js';
import { createAuthService } from './modules/auth/auth.service.js';
import { createContactService } from './modules/contacts/contacts.service.js';
import { createSegmentService } from './modules/segments/segments.service.js';
import { createSubscriptionService } from './modules/subscriptions/subscriptions.service.js';
import { createTimelineService } from './modules/timeline/timeline.service.js';
import { createUserService } from './modules/users/users.service.js';
import { createImportService } from './modules/imports/imports.service.js';
import { createMetricsService } from './modules/metrics/metrics.service.js';
import { createSettingsService } from './modules/settings/settings.service.js';
import { createViewService } from './modules/views/views.service.js';
import { createUsageService } from './modules/usage/usage.service.js';
import { createTrackingService } from './modules/tracking/tracking.service.js';
import { createWriteKeyService } from './modules/tracking/write-keys.service.js';
import { createTicketService } from './modules/tickets/tickets.service.js';
import { createNpsService } from './modules/surveys/nps.service.js';
import { createBillingService } from './modules/billing/billing.service.js';
import { createHealthService } from './modules/health/health.service.js';

/** Every domain service, wired with only what each one uses. Shared by the server, CLI and demo. */
type ServiceConfig = Pick<Config, 'TENURE_SESSION_DAYS'> & Partial<Pick<Config, 'TENURE_CURRENCY' | 'TENURE_TIMEZONE' | 'STRIPE_WEBHOOK_SECRET'>>;

export function createServices({ db, clock, config }: { db: Kysely<DB>; clock: Clock; config: ServiceConfig }) {
  const baseCurrency = config.TENURE_CURRENCY ?? 'CNY';
  const timeZone = config.TENURE_TIMEZONE ?? 'Asia/Shanghai';
  const audit = createAuditService({ db });
  const users = createUserService({ db, audit });
  const auth = createAuthService({ db, clock, audit, users, sessionDays: config.TENURE_SESSION_DAYS });
  const timeline = createTimelineService({ db, clock, audit });
  const accounts = createAccountService({ db, clock, audit, timeline });
  const contacts = createContactService({ db, clock, audit, timeline });
  const subscriptions = createSubscriptionService({ db, audit });
  const segments = createSegmentService({ db, clock, audit, accounts });
  const settings = createSettingsService({ db, audit });
  const metrics = createMetricsService({ db, clock, settings, baseCurrency, timeZone });
  const views = createViewService({ db });
  const usage = createUsageService({ db, clock, audit, settings, timeZone });
  const writeKeys = createWriteKeyService({ db, clock, audit });
  const tracking = createTrackingService({ db, clock, accounts, contacts, usage });
  const tickets = createTicketService({ db, audit });
  const nps = createNpsService({ db, audit });
  const imports = createImportService({ db, accounts, contacts, users, subscriptions, usage, tickets, nps, baseCurrency, timeZone });
  const billing = createBillingService({ db, timeZone, settings, accounts, subscriptions, timeline, envSecret: config.STRIPE_WEBHOOK_SECRET });
  const health = createHealthService({ db, clock, audit, settings, segments, usage, tracking, contacts, timeZone });
  return { db, clock, audit, users, auth, timeline, accounts, contacts, subscriptions, segments, usage, tickets, nps, settings, metrics, imports, views, billing, writeKeys, tracking, health };
}

export type Services = ReturnType<typeof createServices>;
