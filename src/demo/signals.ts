/**
 * Product usage, support tickets and NPS answers that follow an account's story: steady or
 * growing while it is healthy, falling for the last two or three months before it churns,
 * with a temporary dip now and then that it recovers from.
 */
import { CN_HOLIDAYS, EVENTS, type Segment } from './catalog.js';
import { addDays, daysBetween, weekday, zonedInstant } from './dates.js';
import type { Rng } from '../shared/stats.js';
import { NPS_COMMENTS, TICKET_SUBJECTS, type Lang } from './texts.js';
import type { ContactPlan, NpsPlan, Story, SubscriptionPlan, TicketPlan, UsageRowPlan } from './types.js';

export interface SignalContext {
  accountIndex: number;
  externalId: string;
  segment: Segment;
  lang: Lang;
  story: Story;
  subscriptions: SubscriptionPlan[];
  contacts: ContactPlan[];
  today: string;
  windowStart: string;
  usageStart: string;
  timeZone: string;
}

function within(day: string, range: { from: string; to: string }) {
  return day >= range.from && day < range.to;
}

function progress(day: string, range: { from: string; to: string }) {
  return daysBetween(range.from, day) / Math.max(1, daysBetween(range.from, range.to));
}

/** Usage multiplier of the story on a day: 1 normally, falling to ~0.1 before a churn. */
export function usageFactor(story: Story, day: string): number {
  for (const decline of story.declines) if (within(day, decline)) return 1 - 0.9 * progress(day, decline) ** 0.6;
  if (story.dip && within(day, story.dip)) return 1 - 0.6 * (1 - Math.abs(2 * progress(day, story.dip) - 1));
  return 1;
}

/** How much more than usual the account writes to support on a day. */
function ticketStress(story: Story, day: string): number {
  if (story.declines.some((d) => within(day, d))) return 4;
  if (story.dip && within(day, story.dip)) return 2;
  return 1;
}

function periodOn(story: Story, day: string) {
  return story.periods.find((p) => p.from <= day && (p.to === null || day < p.to));
}

/** Seats of the main subscription on a day (the add-on has none of its own). */
function seatsOn(subscriptions: SubscriptionPlan[], day: string): number {
  for (const subscription of subscriptions) {
    for (const v of subscription.versions) {
      if (v.plan !== 'Analytics Add-on' && v.startsOn <= day && (v.endsOn === null || day < v.endsOn))
        return v.quantity;
    }
  }
  return 0;
}

const WEEKDAY_FACTOR = [0.06, 1, 1.05, 1.05, 1, 0.85, 0.1];
const isCnHoliday = (day: string) => CN_HOLIDAYS.some(([from, to]) => day >= from && day <= to);

export function usageRows(rng: Rng, ctx: SignalContext): UsageRowPlan[] {
  const { story, segment } = ctx;
  const h = story.health;
  // Adoption follows the latent health closely: a weak customer uses a third of its seats or less,
  // a strong one most of them — so weak customers look weak before they churn, not only after.
  const adoption = (0.05 + 0.85 * h) * (segment === 'enterprise' ? 0.75 : 1);
  const growthPerYear = (h - 0.55) * 0.4;
  // Which features this customer took up, and how hard it leans on each.
  const features = EVENTS.slice(1)
    .filter((e) => {
      const odds: Record<string, number> = {
        report_viewed: 0.97,
        workflow_run: 0.35 + 0.5 * h,
        data_exported: 0.7,
        dashboard_created: 0.55,
        integration_synced: segment === 'enterprise' ? 0.75 : segment === 'mid_market' ? 0.4 : 0.12,
      };
      return rng.chance(odds[e.event] ?? 0.5);
    })
    .map((e) => ({ ...e, intensity: rng.float(0.6, 1.3) * (0.4 + 0.9 * h) }));

  const rows: UsageRowPlan[] = [];
  for (let day = ctx.usageStart; day < ctx.today; day = addDays(day, 1)) {
    const period = periodOn(story, day);
    if (!period) continue;
    const seats = seatsOn(ctx.subscriptions, day);
    if (!seats) continue;
    const ramp = Math.min(1, 0.3 + (0.7 * daysBetween(period.from, day)) / 60);
    // Anchored half a year back, not at the start of the history: today's level does not depend on how far the history reaches.
    const trend = 1 + (growthPerYear * daysBetween(addDays(ctx.today, -180), day)) / 365;
    const factor = usageFactor(story, day);
    const holiday = ctx.lang === 'cn' && isCnHoliday(day) ? 0.15 : 1;
    const expected =
      seats * adoption * ramp * trend * factor * holiday * WEEKDAY_FACTOR[weekday(day)]! * rng.jitter(0.15);
    const users = Math.min(seats, expected < 25 ? rng.poisson(expected) : Math.round(expected));
    if (users <= 0) continue;
    rows.push({
      account: ctx.accountIndex,
      day,
      event: 'login',
      count: Math.round(users * rng.float(1.2, 2.2)),
      users,
    });
    for (const f of features) {
      // Core features fade faster than logins when a customer is drifting away.
      const share = f.share * f.intensity * factor * factor;
      const featureUsers = Math.min(users, rng.poisson(users * share));
      if (featureUsers <= 0) continue;
      rows.push({
        account: ctx.accountIndex,
        day,
        event: f.event,
        count: Math.max(featureUsers, Math.round(featureUsers * rng.float(f.perUser[0], f.perUser[1]))),
        users: featureUsers,
      });
    }
  }
  return rows;
}

const BASE_TICKETS_PER_MONTH: Record<Segment, number> = { smb: 0.35, mid_market: 0.7, enterprise: 1.2 };

function workingInstant(rng: Rng, day: string, timeZone: string) {
  return zonedInstant(day, rng.int(9 * 60, 19 * 60), timeZone);
}

function contactIndex(rng: Rng, contacts: ContactPlan[], roles: ContactPlan['role'][]): number | null {
  const candidates = contacts.map((c, i) => [c, i] as const).filter(([c]) => roles.includes(c.role));
  if (candidates.length) return rng.pick(candidates)[1];
  return contacts.length ? 0 : null;
}

export function tickets(rng: Rng, ctx: SignalContext): TicketPlan[] {
  const { story } = ctx;
  const out: TicketPlan[] = [];
  for (let day = ctx.windowStart; day < ctx.today; day = addDays(day, 1)) {
    const period = periodOn(story, day);
    if (!period || period.trial) continue;
    const stress = ticketStress(story, day);
    const onboarding = daysBetween(period.from, day) < 60 ? 1.8 : 1;
    const rate = (BASE_TICKETS_PER_MONTH[ctx.segment] * (1.8 - story.health) * stress * onboarding) / 30;
    for (let n = rng.poisson(rate); n > 0; n--) {
      const priority =
        stress > 1
          ? rng.weighted<TicketPlan['priority']>([
              ['low', 5],
              ['normal', 45],
              ['high', 30],
              ['urgent', 20],
            ])
          : rng.weighted<TicketPlan['priority']>([
              ['low', 20],
              ['normal', 60],
              ['high', 15],
              ['urgent', 5],
            ]);
      const openedAt = workingInstant(rng, day, ctx.timeZone);
      const age = daysBetween(day, ctx.today);
      const hours =
        priority === 'urgent' ? rng.float(1, 12) : priority === 'high' ? rng.float(2, 36) : rng.float(4, 96);
      const closedMs = Date.parse(openedAt) + Math.round(hours * 60) * 60_000;
      const closed = age > 5 && closedMs < Date.parse(zonedInstant(ctx.today, 0, ctx.timeZone));
      out.push({
        externalId: `${ctx.externalId}-t${String(out.length + 1).padStart(3, '0')}`,
        contact: contactIndex(rng, ctx.contacts, ['end_user', 'champion']),
        subject: rng.pick(TICKET_SUBJECTS[ctx.lang]),
        priority,
        status: closed ? (age > 14 ? 'closed' : 'solved') : rng.pick(['open', 'pending'] as const),
        openedAt,
        closedAt: closed ? new Date(closedMs).toISOString() : null,
      });
    }
  }
  return out;
}

/** Relationship NPS every quarter; a few contacts answer each time. */
export function npsResponses(rng: Rng, ctx: SignalContext): NpsPlan[] {
  const { story } = ctx;
  const out: NpsPlan[] = [];
  for (const period of story.periods) {
    if (period.trial) continue;
    const end = period.to ?? ctx.today;
    for (let wave = addDays(period.from, rng.int(30, 80)); wave < end; wave = addDays(wave, rng.int(85, 97))) {
      if (wave < ctx.windowStart) continue;
      const inDecline = story.declines.some((d) => within(wave, d));
      const inDip = story.dip !== null && within(wave, story.dip);
      const mean = inDecline ? 3.2 : 3.8 + 6.2 * story.health - (inDip ? 1.5 : 0);
      ctx.contacts.forEach((contact, index) => {
        if (contact.role === 'blocker' || !rng.chance(inDecline ? 0.5 : 0.3)) return;
        const day = addDays(wave, rng.int(0, 6));
        if (day >= ctx.today) return;
        const score = Math.max(0, Math.min(10, Math.round(rng.normal(mean, 1.3))));
        const kind = score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
        out.push({
          externalId: '',
          contact: index,
          score,
          comment: rng.chance(0.45) ? rng.pick(NPS_COMMENTS[kind][ctx.lang]) : null,
          respondedAt: zonedInstant(day, rng.int(8 * 60, 22 * 60), ctx.timeZone),
        });
      });
    }
  }
  out.sort((a, b) => a.respondedAt.localeCompare(b.respondedAt));
  return out.map((r, i) => ({ ...r, externalId: `${ctx.externalId}-nps${String(i + 1).padStart(3, '0')}` }));
}
