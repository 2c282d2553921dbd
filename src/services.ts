import type { Kysely } from 'kysely';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { DB } from './db/types.js';
import { createAccountService } from './modules/accounts/accounts.service.js';
import { createAuditService } from './modules/audit/audit.service.js';
import { createAuthService, endSessionsOf } from './modules/auth/auth.service.js';
import { contactRows } from './modules/contacts/contacts.read.js';
import { createContactService } from './modules/contacts/contacts.service.js';
import { dueCtaRows } from './modules/ctas/ctas.read.js';
import { manualMembership, segmentDefinitions } from './modules/segments/segments.read.js';
import { createSegmentService } from './modules/segments/segments.service.js';
import { liveAccounts } from './modules/accounts/accounts.read.js';
import type { MessagingService } from './modules/messaging/messaging.service.js';
import { createSurveyService } from './modules/surveys/surveys.service.js';
import { surveyTimelineEntries } from './modules/surveys/surveys.timeline.read.js';
import { npsAnswerTags } from './modules/voc/voc.read.js';
import { createSubscriptionService } from './modules/subscriptions/subscriptions.service.js';
import { createTimelineService } from './modules/timeline/timeline.service.js';
import { messageTimelineEntries } from './modules/messaging/messages.timeline.read.js';
import { createJourneyService } from './modules/journeys/journeys.service.js';
import { journeyTimelineEntries } from './modules/journeys/journeys.timeline.read.js';
import { createUserService } from './modules/users/users.service.js';
import { createImportService } from './modules/imports/imports.service.js';
import { createMetricsService } from './modules/metrics/metrics.service.js';
import { createSettingsService } from './modules/settings/settings.service.js';
import { createUsageService } from './modules/usage/usage.service.js';
import { moduleUsageMatches } from './modules/usage/usage.read.js';
import { createTrackingService } from './modules/tracking/tracking.service.js';
import { createWriteKeyService } from './modules/tracking/write-keys.service.js';
import { createTicketService } from './modules/tickets/tickets.service.js';
import { ticketRows } from './modules/tickets/tickets.read.js';
import { createNpsService } from './modules/surveys/nps.service.js';
import { createBillingService } from './modules/billing/billing.service.js';
import { createHealthService } from './modules/health/health.service.js';
import { createPredictionService } from './modules/prediction/prediction.service.js';
import { familiesWithHealth } from './modules/prediction/features.js';
import { createLifecycleService } from './modules/lifecycle/lifecycle.service.js';
import { createHandoffService } from './modules/handoff/handoff.service.js';
import { createChannelService } from './modules/notifications/channels.service.js';
import { createNotificationService } from './modules/notifications/notifications.service.js';
import { createMailer } from './modules/mail/mailer.js';
import { createTaskEmails } from './modules/ctas/task-emails.js';
import { createWelcomeService } from './modules/welcome/welcome.service.js';
import { createJobService } from './jobs/jobs.service.js';
import { jobs as jobDefinitions } from './jobs/registry.js';
import { createSignalService } from './jobs/signals.js';
import { createRenewalService } from './modules/renewals/renewals.service.js';
import { createExpansionService } from './modules/renewals/expansion.service.js';
import { createAdvocacyService } from './modules/renewals/advocacy.service.js';
import { type Actor, systemActor } from './modules/audit/actor.js';
import type { OpportunityInput } from './shared/renewals.js';
import { createCtaService, type CtaDeps } from './modules/ctas/ctas.service.js';
import { createRuleService } from './modules/ctas/rules.service.js';
import { createMilestoneService } from './modules/milestones/milestones.service.js';
import { createOnboardingRisk } from './modules/milestones/onboarding-risk.js';
import { ctaCollaborators } from './modules/ctas/collaborators.js';
import { modules } from './modules/index.js';
import type { ModuleServices } from './modules/module.js';

/**
 * Every domain service, wired with only what each one uses, in dependency order; then leaf modules
 * add theirs through their manifests. Shared by the server, CLI and demo.
 */
type ServiceConfig = Pick<Config, 'TENURE_SESSION_DAYS'> &
  Partial<
    Pick<
      Config,
      | 'TENURE_CURRENCY'
      | 'TENURE_TIMEZONE'
      | 'STRIPE_WEBHOOK_SECRET'
      | 'TENURE_LOCALE'
      | 'SMTP_URL'
      | 'TENURE_MAIL_FROM'
      | 'TENURE_PUBLIC_URL'
      | 'TENURE_LOGIN_RATE_LIMIT'
      | 'TENURE_ALLOW_PRIVATE_WEBHOOKS'
    >
  >;

/** Collaborators from branches merged later (health, notifications, renewals); absent means "not wired". */
/** Collaborators a caller (tests) may replace; by default the CTA module is wired to the real ones. */
export type OptionalHooks = Partial<Pick<CtaDeps, 'health' | 'notify' | 'onOpened'>>;

export function createServices({
  db,
  clock,
  config,
  hooks = {},
}: {
  db: Kysely<DB>;
  clock: Clock;
  config: ServiceConfig;
  hooks?: OptionalHooks;
}) {
  const baseCurrency = config.TENURE_CURRENCY ?? 'CNY';
  const timeZone = config.TENURE_TIMEZONE ?? 'Asia/Shanghai';
  const audit = createAuditService({ db });
  const jobs = createJobService({ definitions: jobDefinitions, clock });
  const signals = createSignalService({ db, jobs });
  const mailer = createMailer({
    smtpUrl: config.SMTP_URL,
    from: config.TENURE_MAIL_FROM ?? 'Tenure <no-reply@tenure.local>',
  });
  const channels = createChannelService({
    db,
    clock,
    audit,
    allowPrivate: config.TENURE_ALLOW_PRIVATE_WEBHOOKS ?? false,
  });
  const notifications = createNotificationService({
    db,
    clock,
    timeZone,
    defaultLocale: config.TENURE_LOCALE ?? 'zh-CN',
    publicUrl: config.TENURE_PUBLIC_URL,
    mailer,
    channels,
    jobs,
    dueCtaRows,
  });
  const users = createUserService({ db, audit, sessions: { endSessionsOf } });
  const auth = createAuthService({
    db,
    clock,
    audit,
    users,
    sessionDays: config.TENURE_SESSION_DAYS,
    loginRateLimit: config.TENURE_LOGIN_RATE_LIMIT,
  });
  const timeline = createTimelineService({
    db,
    clock,
    audit,
    contactRows,
    entrySources: [messageTimelineEntries, surveyTimelineEntries, journeyTimelineEntries],
  });
  const accounts = createAccountService({
    db,
    clock,
    audit,
    timeline,
    timeZone,
    moduleUsage: moduleUsageMatches,
    segments: { definitions: (ids) => segmentDefinitions(db, ids), manual: manualMembership },
  });
  const contacts = createContactService({ db, clock, audit, timeline });
  const subscriptions = createSubscriptionService({ db, audit });
  const segments = createSegmentService({ db, clock, audit, accounts });
  const settings = createSettingsService({ db, audit });
  const metrics = createMetricsService({ db, clock, settings, baseCurrency, timeZone });
  const usage = createUsageService({ db, clock, audit, settings, timeZone, signals });
  const writeKeys = createWriteKeyService({ db, clock, audit });
  const tracking = createTrackingService({ db, clock, accounts, contacts, usage });
  const tickets = createTicketService({ db, clock, audit, contacts, signals });
  const nps = createNpsService({ db, clock, audit, contacts, signals });
  // Surveys send through messaging, a leaf module built after these: looked up when a survey is sent or answered.
  const surveys = createSurveyService({
    db,
    clock,
    audit,
    nps,
    segments,
    timeZone,
    publicUrl: config.TENURE_PUBLIC_URL ?? 'http://localhost:3000',
    reads: { contacts: contactRows, accounts: liveAccounts, tickets: ticketRows },
    messaging: (): MessagingService => services.messaging,
    npsTags: npsAnswerTags(db),
  });
  const health = createHealthService({
    db,
    clock,
    audit,
    settings,
    segments,
    usage,
    tracking,
    contacts,
    timeZone,
    facts: accounts,
  });
  const segmentMembers = (segmentId: string) => segments.memberIds(segmentId);
  const milestones = createMilestoneService({ db, clock, timeZone, audit, timeline, segmentMembers });
  const ctas = createCtaService({
    db,
    clock,
    timeZone,
    audit,
    timeline,
    segmentMembers,
    health,
    ...ctaCollaborators({ db, notifications, createOpportunity: (input) => renewals.createOpportunity(input) }),
    ...hooks,
    contractTerms: subscriptions.contractTerms,
    decidedRenewals: (accountIds) => renewals.decided(accountIds),
    beforeRun: ({ today, accountIds }) => milestones.sync({ today, accountIds }),
    facts: accounts,
  });
  const rules = createRuleService({ db, audit });
  const taskEmails = createTaskEmails({
    db,
    clock,
    defaultLocale: config.TENURE_LOCALE ?? 'zh-CN',
    mailer,
    audit,
    timeline,
    completeTask: (actor, ctaId, taskId) => ctas.setTask(actor, ctaId, taskId, true),
  });
  const onboardingRisk = createOnboardingRisk({
    db,
    clock,
    timeZone,
    currency: baseCurrency,
    weights: () => settings.get('onboarding_risk_weights'),
    openCtas: ({ accountIds }) => ctas.listOpen({ accountIds }),
    mrrByAccount: (day, ids) => metrics.mrrByAccount(day, ids),
  });
  const imports = createImportService({
    db,
    accounts,
    contacts,
    users,
    subscriptions,
    usage,
    tickets,
    nps,
    baseCurrency,
    timeZone,
    signals,
    jobs,
  });
  const billing = createBillingService({
    db,
    timeZone,
    settings,
    accounts,
    contacts,
    subscriptions,
    timeline,
    envSecret: config.STRIPE_WEBHOOK_SECRET,
    signals,
  });
  const prediction = createPredictionService({
    db,
    clock,
    audit,
    settings,
    segments,
    baseCurrency,
    timeZone,
    families: familiesWithHealth(health.primaryScoresAt),
    jobs,
    facts: accounts,
  });
  const handoff = createHandoffService({ db, clock, audit, timeline, settings, accounts, notifications });
  const lifecycle = createLifecycleService({
    db,
    clock,
    timeZone,
    audit,
    timeline,
    settings,
    subscriptions,
    segments,
    accounts,
    handoffAccountIds: handoff.accountIds,
  });
  const welcome = createWelcomeService({
    db,
    clock,
    timeZone,
    defaultLocale: config.TENURE_LOCALE ?? 'zh-CN',
    mailer,
    audit,
    timeline,
    notifications,
  });
  const renewalCentre = createRenewalService({
    db,
    clock,
    timeZone,
    baseCurrency,
    audit,
    timeline,
    subscriptions,
    metrics,
    accounts,
    segments,
    users,
    health,
    onOutcomes: (actor, outcomes) => ctas.renewalOutcomes(actor, outcomes),
    prediction: {
      latestForAccounts: async (ids) =>
        new Map(
          (await prediction.latestForAccounts(ids)).map((p) => [p.accountId, { probability: p.renewalProbability }]),
        ),
    },
  });
  const expansion = createExpansionService({ db, clock, audit, timeline, accounts, users, baseCurrency });
  /** The contract rules call: `renewals.createOpportunity({ accountId, source: 'rule', sourceRef, … })`, idempotent per reference. */
  const renewals = {
    ...renewalCentre,
    createOpportunity: (input: OpportunityInput, actor: Actor = systemActor) =>
      expansion.createOpportunity(actor, input),
  };
  const advocacy = createAdvocacyService({ db, clock, audit, timeline, accounts, nps, renewals, health });
  // Journeys send through messaging (a leaf module built below): looked up when a send step runs.
  const journeys = createJourneyService({
    db,
    clock,
    timeZone,
    audit,
    messaging: (): MessagingService => services.messaging,
    accounts,
    contacts,
    ctas,
    segments,
    surveys,
    jobs,
  });
  const core = {
    journeys,
    timeZone,
    defaultLocale: config.TENURE_LOCALE ?? ('zh-CN' as const),
    health,
    milestones,
    ctas,
    taskEmails,
    rules,
    onboardingRisk,
    db,
    clock,
    jobs,
    signals,
    lifecycle,
    handoff,
    mailer,
    welcome,
    channels,
    notifications,
    audit,
    users,
    auth,
    timeline,
    accounts,
    contacts,
    subscriptions,
    segments,
    usage,
    tickets,
    nps,
    surveys,
    settings,
    metrics,
    imports,
    billing,
    writeKeys,
    tracking,
    prediction,
    renewals,
    expansion,
    advocacy,
  };
  // Leaf modules' own services: their manifests' factories (src/modules/index.ts), given the ones above.
  const added: Partial<ModuleServices> = {};
  const all = () => services as Services;
  for (const module of modules) Object.assign(added, module.services?.({ services: core, config, all }));
  const services = { ...core, ...(added as ModuleServices) };
  jobs.bind(services as Services);
  return services;
}

export type Services = ReturnType<typeof createServices>;
/** The services wired above, without those modules add (what a manifest's `services` factory gets). */
export type CoreServices = Omit<Services, keyof ModuleServices>;
