import { localDate } from '../../clock.js';
import type { StripeSubscription } from './stripe.objects.js';
import type { Terms } from './stripe.terms.js';

/**
 * How a Stripe subscription's states become Tenure subscription versions ([startsOn, endsOn)):
 * each applied state is a step on a calendar day of the organisation's time zone. Pure: the
 * service loads the versions, steps them, and writes the difference.
 */
export type ServiceStatus = 'active' | 'trialing' | 'past_due';

export interface VersionTerms extends Terms {
  status: ServiceStatus;
}

export interface Version {
  startsOn: string;
  endsOn: string | null;
  terms: VersionTerms;
}

/** In service with these terms from the day on, or out of service (ended, paused, never paid). */
export type Target = { service: true; terms: VersionTerms } | { service: false };

export interface Step {
  day: string;
  target: Target;
}

export const dayOf = (unixSeconds: number, timeZone: string) => localDate(new Date(unixSeconds * 1000), timeZone);

/** Stripe's statuses as Tenure's: unpaid still owes and counts like past_due; the rest is no service. */
export function serviceStatus(status: StripeSubscription['status']): ServiceStatus | null {
  if (status === 'trialing' || status === 'active') return status;
  if (status === 'past_due' || status === 'unpaid') return 'past_due';
  return null;
}

export const sameTerms = (a: VersionTerms, b: VersionTerms) =>
  a.plan === b.plan &&
  a.quantity === b.quantity &&
  a.amountMinor === b.amountMinor &&
  a.currency === b.currency &&
  a.interval === b.interval &&
  a.status === b.status;

/** Applies one step to the versions (sorted by start), returning the new list. */
export function step(versions: Version[], { day, target }: Step): Version[] {
  const out = versions.map((v) => ({ ...v, terms: { ...v.terms } }));
  if (!target.service) {
    // Service ended on `day`: nothing from that day on survives, the version covering it ends there.
    return out
      .filter((v) => v.startsOn < day)
      .map((v) => (v.endsOn === null || v.endsOn > day ? { ...v, endsOn: day } : v));
  }
  const last = out.at(-1);
  if (!last) return [{ startsOn: day, endsOn: null, terms: target.terms }];
  const inService = last.endsOn === null || last.endsOn > day;
  if (!inService) {
    // Back in service after an end; identical terms on the very end day simply continue.
    if (last.endsOn === day && sameTerms(last.terms, target.terms)) last.endsOn = null;
    else out.push({ startsOn: day, endsOn: null, terms: target.terms });
    return out;
  }
  if (sameTerms(last.terms, target.terms)) {
    last.endsOn = null;
  } else if (day <= last.startsOn) {
    // Several changes on one day: the day's last state is the version.
    last.terms = target.terms;
    last.endsOn = null;
  } else {
    last.endsOn = day;
    out.push({ startsOn: day, endsOn: null, terms: target.terms });
  }
  return out;
}

export interface StateInput {
  sub: StripeSubscription;
  /** The status after invoice outcomes newer than this state (payment failed → past_due …). */
  status: StripeSubscription['status'];
  terms: Terms;
  eventCreated: number;
  timeZone: string;
  /** No state of this subscription was applied before: rebuild its history from its dates. */
  firstSight: boolean;
}

/** The steps one subscription state stands for. */
export function stepsFor({ sub, status, terms, eventCreated, timeZone, firstSight }: StateInput): Step[] {
  const day = (t: number) => dayOf(t, timeZone);
  const withStatus = (s: ServiceStatus): Target => ({ service: true, terms: { ...terms, status: s } });
  const ended = status === 'canceled' ? (sub.ended_at ?? eventCreated) : null;
  const current = serviceStatus(status);

  if (!firstSight) {
    if (ended !== null) return [{ day: day(ended), target: { service: false } }];
    return [{ day: day(eventCreated), target: current ? withStatus(current) : { service: false } }];
  }

  // First sight (e.g. Tenure connected to a running Stripe account, or the created event lost):
  // the trial and the paid service from the subscription's own dates, with today's terms.
  if (status === 'incomplete' || status === 'incomplete_expired') return [];
  const steps: Step[] = [];
  const until = ended ?? eventCreated;
  const trialStart = sub.trial_start ?? sub.start_date;
  // A canceled subscription was paying before it ended (or trialing, if it ended in the trial).
  const after: Target = current
    ? withStatus(current)
    : status === 'canceled'
      ? withStatus('active')
      : { service: false };
  if (sub.trial_end && sub.trial_end > trialStart) {
    steps.push({ day: day(trialStart), target: withStatus('trialing') });
    if (current !== 'trialing' && sub.trial_end <= until) steps.push({ day: day(sub.trial_end), target: after });
  } else {
    steps.push({ day: day(sub.start_date), target: after });
  }
  if (ended !== null) steps.push({ day: day(ended), target: { service: false } });
  return steps;
}

export interface StoredVersion extends Version {
  id: string;
}

/** What to write so the stored versions become `next`: rows to remove, rows to insert or update. */
export function versionChanges(stored: StoredVersion[], next: Version[]) {
  const byStart = new Map(stored.map((v) => [v.startsOn, v]));
  const nextStarts = new Set(next.map((v) => v.startsOn));
  return {
    remove: stored.filter((v) => !nextStarts.has(v.startsOn)).map((v) => v.id),
    upsert: next.filter((v) => {
      const before = byStart.get(v.startsOn);
      return !before || before.endsOn !== v.endsOn || !sameTerms(before.terms, v.terms);
    }),
  };
}
