/**
 * The timeline a customer-success team leaves behind: onboarding meetings, check-ins at the
 * cadence of the account's tier, QBRs, renewal talks, expansion notes — and, before a churn,
 * the risk notes and the final "will not renew".
 */
import type { Tier } from './catalog.js';
import { addDays, addMonths, weekday, zonedInstant } from './dates.js';
import type { Change } from './lifecycle.js';
import type { Rng } from '../shared/stats.js';
import { ACTIVITY_TEXTS, type Lang } from './texts.js';
import type { ActivityPlan, ContactPlan, Story } from './types.js';

export interface ActivityContext {
  lang: Lang;
  tier: Tier;
  contacts: ContactPlan[];
  story: Story;
  changes: Change[];
  /** Start of each annual contract still running or renewed inside the window. */
  anniversaries: string[];
  owner: string;
  onboarding: string;
  today: string;
  windowStart: string;
  timeZone: string;
}

type Kind = keyof typeof ACTIVITY_TEXTS;

/** Check-ins, e-mails, QBRs and visits: days between them by tier (min, max); 0 = never. */
const CADENCE: Record<Tier, Record<'checkin' | 'email' | 'qbr' | 'visit', readonly [number, number]>> = {
  high_touch: { checkin: [28, 50], email: [55, 90], qbr: [85, 100], visit: [140, 220] },
  low_touch: { checkin: [55, 95], email: [80, 130], qbr: [170, 200], visit: [0, 0] },
  tech_touch: { checkin: [160, 260], email: [90, 150], qbr: [0, 0], visit: [0, 0] },
};

const quarterOf = (day: string) => `${day.slice(0, 4)} Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;

export function activities(rng: Rng, ctx: ActivityContext): ActivityPlan[] {
  const out: ActivityPlan[] = [];
  const byRole = (...roles: ContactPlan['role'][]) => {
    const found = ctx.contacts.findIndex((c) => roles.includes(c.role));
    return found >= 0 ? found : ctx.contacts.length ? 0 : null;
  };

  function add(kind: Kind, type: ActivityPlan['type'], day: string, contact: number | null, author = ctx.owner) {
    // People log work on working days.
    const wd = weekday(day);
    const workday = wd === 6 ? addDays(day, 2) : wd === 0 ? addDays(day, 1) : day;
    if (workday < ctx.windowStart || workday >= ctx.today) return;
    const [subject, body] = rng.pick(ACTIVITY_TEXTS[kind]![ctx.lang]);
    const name = contact === null ? (ctx.lang === 'cn' ? '客户' : 'the customer') : ctx.contacts[contact]!.name;
    const fill = (text: string) =>
      text
        .replaceAll('{contact}', name)
        .replaceAll('{n}', String(rng.int(5, 40)))
        .replaceAll('{q}', quarterOf(addDays(workday, -30)));
    out.push({
      type,
      subject: fill(subject),
      body: fill(body),
      occurredAt: zonedInstant(workday, rng.int(9 * 60 + 30, 18 * 60), ctx.timeZone),
      contact,
      author,
    });
  }

  const champion = byRole('champion', 'decision_maker');
  const executive = byRole('decision_maker', 'economic_buyer');
  const buyer = byRole('economic_buyer', 'decision_maker');
  const cadence = CADENCE[ctx.tier];

  ctx.story.periods.forEach((period, index) => {
    if (period.trial) return;
    const end = period.to ?? ctx.today;
    if (index > 0 && ctx.story.reactivations.includes(period.from)) add('winback', 'call', period.from, executive);
    add('kickoff', 'meeting', addDays(period.from, rng.int(2, 7)), champion, ctx.onboarding);
    add('training', 'meeting', addDays(period.from, rng.int(10, 25)), champion, ctx.onboarding);
    add('golive', 'note', addDays(period.from, rng.int(30, 60)), champion, ctx.onboarding);
    const repeat = (
      kind: Kind,
      type: () => ActivityPlan['type'],
      [min, max]: readonly [number, number],
      contact: () => number | null,
    ) => {
      if (!max) return;
      for (let day = addDays(period.from, rng.int(min, max)); day < end; day = addDays(day, rng.int(min, max)))
        add(kind, type(), day, contact());
    };
    repeat(
      'checkin',
      () => (rng.chance(0.6) ? 'call' : 'meeting'),
      cadence.checkin,
      () => champion,
    );
    repeat(
      'email',
      () => 'email',
      cadence.email,
      () => byRole('champion', 'end_user'),
    );
    repeat(
      'qbr',
      () => 'qbr',
      cadence.qbr,
      () => executive,
    );
    repeat(
      'visit',
      () => 'visit',
      cadence.visit,
      () => executive,
    );
  });

  for (const change of ctx.changes) {
    if (change.kind === 'upgrade' || change.kind === 'plan_upgrade')
      add('expansion', rng.chance(0.5) ? 'call' : 'note', addDays(change.on, -rng.int(5, 20)), executive);
  }
  for (const start of ctx.anniversaries) add('renewal', 'call', addDays(start, -rng.int(30, 60)), buyer);
  for (const decline of ctx.story.declines) {
    add('risk', 'note', addDays(decline.from, rng.int(10, 25)), champion);
    if (ctx.tier !== 'tech_touch') add('risk', 'call', addDays(decline.from, rng.int(30, 45)), executive);
  }
  for (const churn of ctx.story.churns) add('churn', 'note', addDays(churn, -rng.int(3, 20)), buyer);

  return out.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
}

/** Contract anniversaries (renewal dates) of annual contracts inside the window, up to today. */
export function anniversariesOf(periods: Story['periods'], annual: boolean, today: string): string[] {
  if (!annual) return [];
  const out: string[] = [];
  for (const p of periods) {
    if (p.trial) continue;
    const end = p.to ?? addDays(today, 60);
    for (let year = 1; addMonths(p.from, 12 * year) < end; year++) out.push(addMonths(p.from, 12 * year));
  }
  return out;
}
