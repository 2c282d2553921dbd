/**
 * One customer's commercial life, simulated month by month from its first payment: renewals,
 * seat upgrades and downgrades, plan changes, churn and — sometimes — a return months later.
 * The churn odds follow the account's latent health, so the signals generated afterwards
 * (usage, tickets, NPS) and the revenue history tell the same story.
 */
import { INTERVAL_MONTHS, type Interval, PLAN_ORDER, PLANS, type PlanName, type Segment } from './catalog.js';
import { addDays, addMonths, daysBetween } from './dates.js';
import type { Rng } from '../shared/stats.js';
import type { Stage, Story, SubscriptionPlan, VersionPlan } from './types.js';

export interface Terms {
  plan: PlanName;
  seats: number;
  interval: Interval;
  /** Negotiated discount off list (0–0.35). */
  discount: number;
  /** Cumulative renewal price increases. */
  uplift: number;
}

export interface LifeInput {
  externalId: string;
  segment: Segment;
  health: number;
  currency: string;
  firstPaidOn: string;
  /** Accounts already customers when the demo window opens have survived until then. */
  survivesUntil: string;
  trialDays: number;
  today: string;
}

export interface Change {
  on: string;
  kind: 'upgrade' | 'plan_upgrade' | 'downgrade' | 'to_annual';
  seatsDelta: number;
}

export interface Life {
  subscriptions: SubscriptionPlan[];
  churns: string[];
  reactivations: string[];
  futureChurn: string | null;
  changes: Change[];
  periods: Story['periods'];
  /** Terms in force today, and since when the current contract runs; null once churned. */
  current: { terms: Terms; contractStart: string } | null;
  last: Terms;
}

const MONTHLY_CHURN: Record<Segment, number> = { smb: 0.026, mid_market: 0.015, enterprise: 0.008 };
const ANNUAL_CHURN: Record<Segment, number> = { smb: 0.2, mid_market: 0.12, enterprise: 0.05 };
const MONTHLY_UPGRADE: Record<Segment, number> = { smb: 0.025, mid_market: 0.045, enterprise: 0.055 };
const ADDON = { CNY: 3_000_000, USD: 480_000 } as const;

/** Weak accounts churn several times as often as healthy ones. */
const riskMultiplier = (health: number) => Math.exp(3 * (0.68 - health));

export function priceOf(plan: PlanName, currency: string) {
  return currency === 'CNY' ? PLANS[plan].CNY : PLANS[plan].USD;
}

export function amountOf(terms: Terms, currency: string): number {
  const perMonth = priceOf(terms.plan, currency) * terms.seats * (1 - terms.discount) * terms.uplift;
  // Whole currency units, as invoices show them.
  return Math.round((perMonth * INTERVAL_MONTHS[terms.interval]) / 100) * 100;
}

export function initialTerms(rng: Rng, segment: Segment): Terms {
  if (segment === 'smb') {
    const interval = rng.weighted<Interval>([
      ['month', 85],
      ['year', 15],
    ]);
    return {
      plan: rng.weighted<PlanName>([
        ['Starter', 70],
        ['Growth', 30],
      ]),
      seats: rng.logInt(3, 30),
      interval,
      discount: interval === 'year' ? 0.15 : 0,
      uplift: 1,
    };
  }
  if (segment === 'mid_market') {
    const interval = rng.weighted<Interval>([
      ['month', 20],
      ['quarter', 30],
      ['year', 50],
    ]);
    const discount = interval === 'year' ? 0.15 : interval === 'quarter' ? 0.05 : 0;
    return {
      plan: rng.weighted<PlanName>([
        ['Growth', 80],
        ['Enterprise', 20],
      ]),
      seats: rng.logInt(20, 180),
      interval,
      discount,
      uplift: 1,
    };
  }
  const interval = rng.weighted<Interval>([
    ['year', 90],
    ['quarter', 10],
  ]);
  return {
    plan: 'Enterprise',
    seats: rng.logInt(80, 900),
    interval,
    discount: Math.round(rng.float(0.1, 0.3) * 100) / 100,
    uplift: 1,
  };
}

function version(terms: Terms, currency: string, startsOn: string, endsOn: string | null): VersionPlan {
  return {
    plan: terms.plan,
    quantity: terms.seats,
    amountMinor: amountOf(terms, currency),
    currency,
    interval: terms.interval,
    startsOn,
    endsOn,
    status: 'active',
  };
}

/** What changes at a monthly boundary, if anything. */
function changeTerms(
  rng: Rng,
  input: LifeInput,
  terms: Terms,
  anniversary: boolean,
  termEnd: boolean,
): { next: Terms; change: Change['kind'] } | undefined {
  const { segment, health } = input;
  if (rng.chance(MONTHLY_UPGRADE[segment] * (0.3 + health))) {
    const planIndex = PLAN_ORDER.indexOf(terms.plan);
    if (planIndex < 2 && rng.chance(segment === 'smb' ? 0.25 : 0.12))
      return { next: { ...terms, plan: PLAN_ORDER[planIndex + 1]! }, change: 'plan_upgrade' };
    const added = Math.max(1, Math.round(terms.seats * rng.float(0.1, 0.4)));
    return { next: { ...terms, seats: terms.seats + added }, change: 'upgrade' };
  }
  const downgradeOdds = terms.interval === 'month' ? 0.006 : 0.1;
  if (termEnd && terms.seats > 2 && rng.chance(downgradeOdds * (1.6 - health))) {
    const removed = Math.max(1, Math.round(terms.seats * rng.float(0.1, 0.3)));
    return { next: { ...terms, seats: terms.seats - removed }, change: 'downgrade' };
  }
  if (anniversary && terms.interval === 'month' && rng.chance(0.12))
    return { next: { ...terms, interval: 'year', discount: 0.15 }, change: 'to_annual' };
  if (anniversary && terms.interval !== 'month' && rng.chance(0.4))
    return { next: { ...terms, uplift: Math.round(terms.uplift * 105) / 100 }, change: 'upgrade' };
  return undefined;
}

export function simulateLife(rng: Rng, input: LifeInput): Life {
  const { today, currency, segment, health } = input;
  const horizon = addDays(today, 120);
  const life: Life = {
    subscriptions: [],
    churns: [],
    reactivations: [],
    futureChurn: null,
    changes: [],
    periods: [],
    current: null,
    last: initialTerms(rng, segment),
  };
  let terms = life.last;
  let startOn = input.firstPaidOn;

  for (let lifeNo = 1; ; lifeNo++) {
    const subscription: SubscriptionPlan = { externalId: `${input.externalId}-sub-${lifeNo}`, versions: [] };
    life.subscriptions.push(subscription);
    if (lifeNo === 1 && input.trialDays > 0) {
      const trialStart = addDays(startOn, -input.trialDays);
      subscription.versions.push({
        ...version(terms, currency, trialStart, startOn),
        amountMinor: 0,
        status: 'trialing',
      });
      life.periods.push({ from: trialStart, to: startOn, trial: true });
    }
    let versionStart = startOn;
    let ended: string | null = null;
    for (let k = 1; ; k++) {
      const boundary = addMonths(startOn, k);
      if (boundary > horizon) break;
      const anniversary = k % 12 === 0;
      const termEnd = terms.interval === 'month' || anniversary;
      if (termEnd && boundary > input.survivesUntil) {
        const base = terms.interval === 'month' ? MONTHLY_CHURN[segment] * (k <= 6 ? 1.6 : 1) : ANNUAL_CHURN[segment];
        if (rng.chance(base * riskMultiplier(health))) {
          ended = boundary;
          break;
        }
      }
      if (boundary > today) continue; // the future only decides who is slipping now
      const change = changeTerms(rng, input, terms, anniversary, termEnd);
      if (!change) continue;
      subscription.versions.push(version(terms, currency, versionStart, boundary));
      life.changes.push({ on: boundary, kind: change.change, seatsDelta: change.next.seats - terms.seats });
      terms = change.next;
      versionStart = boundary;
    }
    const churnedBy = ended && ended <= today ? ended : null;
    subscription.versions.push(version(terms, currency, versionStart, churnedBy));
    life.periods.push({ from: startOn, to: churnedBy, trial: false });
    life.last = terms;
    if (!churnedBy) {
      life.futureChurn = ended;
      life.current = { terms, contractStart: startOn };
      return life;
    }
    life.churns.push(churnedBy);
    // Some churned customers come back after a few months: a new team, a failed replacement.
    const back = addDays(churnedBy, rng.int(60, 300));
    if (!(rng.chance(0.15 * (0.5 + health)) && back < addDays(today, -7))) return life;
    life.reactivations.push(back);
    startOn = back;
    terms = {
      ...terms,
      seats: Math.max(2, Math.round(terms.seats * rng.float(0.5, 0.9))),
      interval: terms.interval === 'quarter' ? 'year' : terms.interval,
    };
  }
}

/** An add-on bought on top of the main subscription, running until the customer first leaves. */
export function addOnSubscription(rng: Rng, input: LifeInput, life: Life): SubscriptionPlan | undefined {
  const odds = input.segment === 'enterprise' ? 0.25 : input.segment === 'mid_market' ? 0.08 : 0;
  if (!rng.chance(odds)) return undefined;
  const startsOn = addMonths(input.firstPaidOn, rng.int(2, 14));
  const endsOn = life.churns[0] ?? null;
  if (startsOn >= input.today || (endsOn && startsOn >= endsOn)) return undefined;
  const amountMinor = input.currency === 'CNY' ? ADDON.CNY : ADDON.USD;
  return {
    externalId: `${input.externalId}-addon`,
    versions: [
      {
        plan: 'Analytics Add-on',
        quantity: 1,
        amountMinor,
        currency: input.currency,
        interval: 'year',
        startsOn,
        endsOn,
        status: 'active',
      },
    ],
  };
}

/** Lifecycle stage on `today`, consistent with the dates (§4). */
export function stageOf(life: Life, today: string): { stage: Stage; renewalDate: string | null } {
  if (!life.current) return { stage: 'churned', renewalDate: null };
  const { terms, contractStart } = life.current;
  let renewalDate: string | null = null;
  let lastRenewal: string | null = null;
  if (terms.interval !== 'month') {
    let years = 1;
    while (addMonths(contractStart, 12 * years) <= today) years++;
    renewalDate = addMonths(contractStart, 12 * years);
    lastRenewal = years > 1 ? addMonths(contractStart, 12 * (years - 1)) : null;
  }
  if (daysBetween(contractStart, today) < 90) return { stage: 'onboarding', renewalDate };
  if (renewalDate && daysBetween(today, renewalDate) <= 90) return { stage: 'renewal', renewalDate };
  if (lastRenewal && daysBetween(lastRenewal, today) < 30) return { stage: 'renewed', renewalDate };
  return { stage: 'adoption', renewalDate };
}
