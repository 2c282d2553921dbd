import { performance } from 'node:perf_hooks';
import { DEMO_ATTRIBUTE_LABELS } from './attribute-labels.js';
import type { Services } from '../services.js';
import { TEAM } from './team.js';
import type { Segment } from './catalog.js';
import { demoActor, type WriteCounts, writePlan } from './write.js';
import { configureDemoProduct, sendDemoEvents } from './send-events.js';
import { splitRecentUsage } from './events.js';
import { seedDemoHealth } from './health.js';
import { loadCsOps } from './cs-ops.js';
import { loadDemoRenewals } from './renewals.js';
import { loadDemoCtas, loadDemoMilestones } from './ctas.js';
import { loadDemoSuccessPlans } from './success-plans.js';
import { loadDemoVoc } from './voc.js';
import { loadDemoFit } from './fit.js';

export interface DemoOptions {
  seed: number;
  timeZone: string;
  currency: string;
  /** Told after each loader phase, with the seconds since the load began (the first start prints it). */
  onProgress?: (phase: string, elapsedSeconds: number) => void;
}

export interface DemoResult extends WriteCounts {
  users: number;
  segments: number;
  /** Messages of the most recent days sent through the tracking API. */
  events: number;
  /** Daily health snapshots written for the history (per account and scorecard), and the time it took. */
  healthSnapshots: number;
  healthSeconds: number;
  /** True when the demo company was already there and nothing but missing team members was written. */
  skipped: boolean;
  seconds: number;
  /** Success-plan objectives, VoC tag links and feature requests written (0 when skipped). */
  objectives: number;
  tagLinks: number;
  featureRequests: number;
  /** The churn model trained on the demo's history right after the load (null when skipped). */
  prediction: { auc: number; n: number; positives: number; scored: number; seconds: number } | null;
}

export const DEMO_ADMIN = { email: 'admin@tenure.demo', password: 'tenure-demo' };
export const DEMO_EMAIL_DOMAIN = '@tenure.demo';

// The organisation's own configuration is written in one language, as its segment names are.
const SEGMENTS: { name: string; description: string; value: Segment }[] = [
  { name: 'SMB', description: 'Small businesses, served by digital touch', value: 'smb' },
  {
    name: 'Mid-market',
    description: 'Mid-market customers, low touch',
    value: 'mid_market',
  },
  {
    name: 'Enterprise',
    description: 'Enterprise customers, high touch',
    value: 'enterprise',
  },
];

/** Creates the team members that do not exist yet; returns every member's id by plan key. */
async function ensureTeam(services: Services) {
  const team = new Map<string, { id: string; user: (typeof TEAM)[number] }>();
  let created = 0;
  await Promise.all(
    TEAM.map(async (user) => {
      const row = await services.users.findByEmail(user.email);
      if (!row) {
        const made = await services.users.create(demoActor, {
          email: user.email,
          name: user.name,
          role: user.role,
          locale: user.locale,
          password: DEMO_ADMIN.password,
        });
        created++;
        team.set(user.key, { id: made.id, user });
        return;
      }
      team.set(user.key, { id: row.id, user });
    }),
  );
  return { team, created };
}

/**
 * Sales & marketing spend and gross margin for the last 24 months, so LTV, CAC and payback have
 * something to show: a budget growing from ¥1.85M to ¥3.0M a month at a 78 % gross margin, which
 * puts CAC payback around a year for the demo's new-customer ARPA.
 */
export function demoFinance(currentMonth: string) {
  const [year, month] = currentMonth.split('-').map(Number);
  const finance: Record<string, { salesMarketingSpendMinor: number; grossMargin: number }> = {};
  for (let back = 0; back < 24; back += 1) {
    const index = year * 12 + month - 1 - back;
    const key = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    finance[key] = { salesMarketingSpendMinor: (3_000_000 - back * 50_000) * 100, grossMargin: 0.78 };
  }
  return finance;
}

async function demoPresent(services: Services) {
  return Boolean(
    await services.db
      .selectFrom('accounts')
      .select('id')
      .where('external_id', 'like', 'demo-%')
      .limit(1)
      .executeTakeFirst(),
  );
}

/**
 * Loads the deterministic demo company: the same seed and the same "today" (the injected clock,
 * TENURE_NOW) give the same company. Running it again on a database that has the demo adds
 * nothing but missing team members. The customer data is written in one transaction, so an
 * interrupted load leaves no half company behind; the most recent days' events follow it through
 * the tracking API (whose requests are transactions of their own).
 */
export async function loadDemo(services: Services, options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const { team, created } = await ensureTeam(services);
  const progress = (phase: string) => options.onProgress?.(phase, (performance.now() - started) / 1000);
  progress('team');
  const empty: WriteCounts = {
    accounts: 0,
    contacts: 0,
    subscriptions: 0,
    subscriptionVersions: 0,
    activities: 0,
    tickets: 0,
    npsResponses: 0,
    usageRows: 0,
  };
  if (await demoPresent(services)) {
    return {
      ...empty,
      users: created,
      segments: 0,
      events: 0,
      healthSnapshots: 0,
      healthSeconds: 0,
      objectives: 0,
      tagLinks: 0,
      featureRequests: 0,
      skipped: true,
      seconds: (performance.now() - started) / 1000,
      prediction: null,
    };
  }
  // The generator (and the name library it draws on) is loaded only to build a demo: most starts never do.
  const { generatePlan } = await import('./plan.js');
  const plan = generatePlan({
    seed: options.seed,
    today: services.clock.today(options.timeZone),
    timeZone: options.timeZone,
    currency: options.currency,
  });
  // The most recent days go through the tracking API (after the commit: ingest has transactions of its own).
  const split = splitRecentUsage(plan);
  const counts = await services.db
    .transaction()
    .execute((trx) => writePlan(services, trx, { ...plan, usage: split.history }, team));
  progress('accounts, contacts, subscriptions, usage history');
  const events = await sendDemoEvents(services, plan, split);
  progress('recent events (tracking API)');
  const existing = new Set((await services.segments.list()).map((s) => s.name));
  let segments = 0;
  for (const s of SEGMENTS) {
    if (existing.has(s.name)) continue;
    await services.segments.create(demoActor, {
      name: s.name,
      description: s.description,
      rules: { match: 'all', conditions: [{ field: 'attributes.segment', op: 'eq', value: s.value }] },
    });
    segments++;
  }
  await services.settings.set(demoActor, 'finance', demoFinance(services.clock.today(options.timeZone).slice(0, 7)));
  await services.settings.set(demoActor, 'attribute_labels', DEMO_ATTRIBUTE_LABELS);
  await configureDemoProduct(services);
  progress('segments, finance, product');
  // Health after every input it reads (milestones included: the onboarding scorecard has them), so
  // the first recompute finds nothing to change; before what reads it: CTA rules (health red),
  // renewals and the model.
  await loadCsOps(services);
  progress('CS operations');
  await loadDemoMilestones(services, team.get('onboarding')?.id, options.timeZone);
  const health = await seedDemoHealth(services);
  progress('health history');
  await loadDemoCtas(services, options.timeZone);
  progress('CTAs');
  // The model before the renewals: the CSMs' forecast categories are set knowing its probabilities.
  const prediction = await trainDemoModel(services);
  progress('churn model');
  // After the segments: renewal managers, forecasts and advocacy read them.
  await loadDemoRenewals(services, services.clock.today(options.timeZone));
  progress('renewals');
  // Success plans, the voice of the customer and fit read the accounts, their usage and their CSMs; shipped
  // feature requests open CTAs, so after the rules' own; before the figures refresh, which scores fit.
  const plans = await loadDemoSuccessPlans(services, plan, team);
  progress('success plans');
  const voc = await loadDemoVoc(services, plan, team, options.currency);
  progress('voice of the customer');
  await loadDemoFit(services, plan, team);
  progress('fit and maturity');
  // Every figure the lists, Home and the 360 header read, so a first start does not wait for the hourly refresh.
  await services.facts.refresh();
  progress('account figures');
  return {
    ...counts,
    users: created,
    segments,
    events,
    healthSnapshots: health.snapshots,
    healthSeconds: health.seconds,
    objectives: plans.objectives,
    tagLinks: voc.tagLinks,
    featureRequests: voc.requests.count,
    skipped: false,
    seconds: (performance.now() - started) / 1000,
    prediction,
  };
}

/** One training run on the demo's own history, so the 360 page and the accounts list show probabilities at once. */
async function trainDemoModel(services: Services): Promise<DemoResult['prediction']> {
  const started = performance.now();
  const result = await services.prediction.train({}, demoActor);
  return {
    auc: result.auc,
    n: result.n,
    positives: result.positives,
    scored: result.scored,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * First start only. An installation with accounts, or with users other than the demo team, is
 * left alone; one whose only users are demo team members (a first load that was interrupted)
 * gets the demo.
 */
export async function loadDemoIfEmpty(services: Services, options: DemoOptions): Promise<DemoResult | undefined> {
  const account = await services.db.selectFrom('accounts').select('id').limit(1).executeTakeFirst();
  if (account) return undefined;
  const stranger = await services.db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), 'not like', `%${DEMO_EMAIL_DOMAIN}`))
    .limit(1)
    .executeTakeFirst();
  if (stranger) return undefined;
  return loadDemo(services, options);
}
