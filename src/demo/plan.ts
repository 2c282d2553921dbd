/**
 * The demo company as a plan: a pure function of the seed and "today". Nothing here reads the
 * clock or Math.random; every draw comes from a stream of the seed (Rng in src/shared/stats.ts).
 */
import { createHash } from 'node:crypto';
import { CN_REGIONS, INTL_REGIONS, type Segment, TIER_OF } from './catalog.js';
import { activities, anniversariesOf } from './activities.js';
import { addDays, addMonths, daysBetween, maxDay, zonedInstant } from './dates.js';
import { addOnSubscription, type Life, simulateLife, stageOf } from './lifecycle.js';
import { companyName, contactsFor } from './people.js';
import { TEAM } from './team.js';
import { Rng } from '../shared/stats.js';
import { npsResponses, tickets, usageRows } from './signals.js';
import type { Lang } from './texts.js';
import { ACTIVITY_TEXTS } from './texts.js';
import type { AccountPlan, DemoPlan, Story, SubscriptionPlan } from './types.js';

export interface PlanOptions {
  seed: number;
  /** The organisation's today (YYYY-MM-DD); the demo's 24 months end here. */
  today: string;
  timeZone: string;
  currency: string;
}

/** How many accounts of each kind: customers before the window, new ones in it, prospects, handoffs. */
export const MIX = { base: 130, acquired: 248, trials: 18, currentTrials: 5, handoffs: 4 } as const;
/**
 * Days of usage history. The churn model validates on its newest cut-offs (every 30 days back from
 * today − 90, each needing 60 days of usage before it) until they hold a fifth of the examples, and
 * calls itself predictive only with 30 churned examples there (docs/prediction.md). At the demo's
 * churn (about 10 per 90 days) that takes three validation cut-offs, so twelve cut-offs: 480 days.
 */
export const USAGE_DAYS = 480;
/** Temporary dips fall in the last half year, so some are going on today. */
const DIP_DAYS = 180;

type Kind = 'base' | 'acquired' | 'trial' | 'handoff';

export const demoExternalId = (index: number) => `demo-${String(index + 1).padStart(4, '0')}`;

/** Acquisition grows over the window: density rising linearly to twice the starting pace. */
function acquisitionDay(rng: Rng, windowStart: string, today: string) {
  const months = 12 * (-1 + Math.sqrt(1 + 8 * rng.next()));
  const day = addDays(windowStart, Math.floor(months * 30.4));
  return day < today ? day : addDays(today, -1);
}

function chooseOwner(rng: Rng, lang: Lang) {
  return lang === 'en' ? 'csm4' : rng.pick(['csm1', 'csm2', 'csm3']);
}

function declinesOf(
  rng: Rng,
  life: Pick<Life, 'churns' | 'futureChurn'>,
  periods: Story['periods'],
): Story['declines'] {
  const ends = [...life.churns, ...(life.futureChurn ? [life.futureChurn] : [])];
  return ends.flatMap((to) => {
    // One churn in four comes without warning in the product (a budget cut, an acquisition, a
    // new executive): no score sees it, which keeps a model honest about how sure it can be.
    if (rng.chance(0.25)) return [];
    const period = periods.find((p) => !p.trial && p.from < to && (p.to === null || p.to >= to));
    // Customers drift for four to five months before they leave, so a score 90 days ahead can see it coming.
    const from = addDays(to, -rng.int(120, 160));
    return [{ from: period ? maxDay(from, addDays(period.from, 14)) : from, to }];
  });
}

export function generatePlan(options: PlanOptions): DemoPlan {
  const { seed, today, timeZone, currency } = options;
  const windowStart = addMonths(today, -24);
  const usageStart = addDays(today, -USAGE_DAYS);
  const kinds: Kind[] = [
    ...Array<Kind>(MIX.base).fill('base'),
    ...Array<Kind>(MIX.acquired).fill('acquired'),
    ...Array<Kind>(MIX.trials).fill('trial'),
    ...Array<Kind>(MIX.handoffs).fill('handoff'),
  ];
  Rng.stream(seed, 'kinds').shuffle(kinds);

  const taken = new Set<string>();
  let trialsSoFar = 0;
  const accounts: AccountPlan[] = [];
  const usage: DemoPlan['usage'] = [];

  kinds.forEach((kind, index) => {
    const externalId = demoExternalId(index);
    const rng = Rng.stream(seed, 'account', index);
    const segment: Segment =
      kind === 'handoff'
        ? rng.weighted<Segment>([
            ['mid_market', 1],
            ['enterprise', 1],
          ])
        : rng.weighted<Segment>([
            ['smb', 52],
            ['mid_market', 31],
            ['enterprise', 17],
          ]);
    const lang: Lang = rng.chance(0.2) ? 'en' : 'cn';
    let region: string;
    let city = '';
    if (lang === 'cn') {
      const [name, cities] = rng.weighted(CN_REGIONS.map((r) => [r, r[2]] as const));
      region = name;
      city = rng.pick(cities);
    } else {
      region = rng.weighted(INTL_REGIONS.map(([name, weight]) => [name, weight] as const));
    }
    const company = companyName(rng, lang, city, taken);
    const accountCurrency =
      lang === 'en' && currency !== 'USD' && region !== 'APAC' && rng.chance(0.7) ? 'USD' : currency;
    const employees =
      segment === 'smb'
        ? rng.logInt(10, 200)
        : segment === 'mid_market'
          ? rng.logInt(150, 2000)
          : rng.logInt(1500, 60000);
    const health = Math.min(0.98, Math.max(0.05, rng.normal(0.68, 0.17)));
    const owner = chooseOwner(rng, lang);
    const contacts = contactsFor(Rng.stream(seed, 'contacts', index), lang, segment, company.domain);

    const story: Story = {
      health,
      churns: [],
      reactivations: [],
      futureChurn: null,
      declines: [],
      dip: null,
      periods: [],
    };
    let subscriptions: SubscriptionPlan[] = [];
    let stage: AccountPlan['stage'];
    let firstPaidOn: string | null = null;
    let churnedOn: string | null = null;
    let life: Life | undefined;
    const attributes: AccountPlan['attributes'] = {
      segment,
      acquisition_channel: rng.weighted([
        ['inbound', 45],
        ['outbound', 25],
        ['partner', 18],
        ['referral', 12],
      ] as const),
    };

    if (kind === 'base' || kind === 'acquired') {
      firstPaidOn =
        kind === 'base' ? addDays(windowStart, -rng.int(1, 36 * 30)) : acquisitionDay(rng, windowStart, today);
      const lifeRng = Rng.stream(seed, 'life', index);
      const trialDays =
        segment === 'smb' ? (rng.chance(0.6) ? 14 : 0) : segment === 'mid_market' && rng.chance(0.3) ? 30 : 0;
      const input = {
        externalId,
        segment,
        health,
        currency: accountCurrency,
        firstPaidOn,
        survivesUntil: kind === 'base' ? windowStart : firstPaidOn,
        trialDays,
        today,
      };
      life = simulateLife(lifeRng, input);
      subscriptions = [...life.subscriptions];
      const addOn = addOnSubscription(lifeRng, input, life);
      if (addOn) subscriptions.push(addOn);
      Object.assign(story, {
        churns: life.churns,
        reactivations: life.reactivations,
        futureChurn: life.futureChurn,
        periods: life.periods,
      });
      story.declines = declinesOf(rng, life, story.periods);
      const { stage: current, renewalDate } = stageOf(life, today);
      stage = current;
      churnedOn = life.current ? null : life.churns.at(-1)!;
      Object.assign(attributes, { plan: life.last.plan, seats_purchased: life.last.seats });
      if (renewalDate) attributes.renewal_date = renewalDate;
    } else if (kind === 'trial') {
      const current = trialsSoFar++ < MIX.currentTrials;
      const trialStart = current
        ? addDays(today, -rng.int(1, 13))
        : addDays(windowStart, rng.int(0, daysBetween(windowStart, today) - 30));
      const seats = rng.logInt(3, 40);
      const plan = rng.pick(['Starter', 'Growth']);
      subscriptions = [
        {
          externalId: `${externalId}-sub-1`,
          versions: [
            {
              plan,
              quantity: seats,
              amountMinor: 0,
              currency: accountCurrency,
              interval: 'month',
              startsOn: trialStart,
              endsOn: addDays(trialStart, 14),
              status: 'trialing',
            },
          ],
        },
      ];
      story.periods = [{ from: trialStart, to: current ? null : addDays(trialStart, 14), trial: true }];
      stage = 'prospect';
      Object.assign(attributes, { plan, seats_purchased: 0, trial_seats: seats });
    } else {
      stage = 'handoff';
      Object.assign(attributes, { plan: 'Enterprise', seats_purchased: 0 });
    }
    // Temporary dips, some of them going on today: accounts that look at risk and recover (a
    // score's false alarms).
    if (stage !== 'churned' && story.declines.length === 0 && rng.chance(0.18)) {
      const from = addDays(today, -DIP_DAYS + rng.int(0, DIP_DAYS - 20));
      story.dip = { from, to: addDays(from, rng.int(30, 50)) };
    }
    if (kind !== 'trial' && kind !== 'handoff') {
      const csat = 3.1 + 1.8 * health + rng.normal(0, 0.15) - (story.declines.some((d) => d.from < today) ? 0.6 : 0);
      attributes.csat = Math.round(Math.min(5, Math.max(1, csat)) * 10) / 10;
    }

    const signalContext = {
      accountIndex: index,
      externalId,
      segment,
      lang,
      story,
      subscriptions,
      contacts,
      today,
      windowStart,
      usageStart,
      timeZone,
    };
    const account: AccountPlan = {
      externalId,
      name: company.name,
      domain: company.domain,
      industry: company.industry,
      employees,
      region,
      lang,
      currency: accountCurrency,
      segment,
      tier: TIER_OF[segment],
      owner,
      salesOwner: 'sales',
      stage,
      firstPaidOn,
      churnedOn,
      attributes,
      contacts,
      subscriptions,
      activities: activities(Rng.stream(seed, 'activities', index), {
        lang,
        tier: TIER_OF[segment],
        contacts,
        story,
        changes: life?.changes ?? [],
        owner,
        onboarding: 'onboarding',
        today,
        windowStart,
        timeZone,
        anniversaries: anniversariesOf(story.periods, life !== undefined && life.last.interval !== 'month', today),
      }),
      tickets: tickets(Rng.stream(seed, 'tickets', index), signalContext),
      nps: npsResponses(Rng.stream(seed, 'nps', index), signalContext),
      story,
    };
    if (kind === 'handoff') {
      const [subject, body] = rng.pick(ACTIVITY_TEXTS.handoff![lang]);
      const fill = (t: string) =>
        t.replaceAll('{n}', String(rng.int(60, 400))).replaceAll('{contact}', contacts[0]!.name);
      account.activities.push({
        type: 'note',
        subject: fill(subject),
        body: fill(body),
        occurredAt: zonedInstant(addDays(today, -rng.int(1, 10)), rng.int(600, 1080), timeZone),
        contact: 0,
        author: 'sales',
      });
    }
    accounts.push(account);
    for (const row of usageRows(Rng.stream(seed, 'usage', index), signalContext)) usage.push(row);
  });

  return { seed, today, windowStart, timeZone, currency, users: TEAM.map((u) => ({ ...u })), accounts, usage };
}

/** A digest of the whole plan: equal digests, equal demo companies. */
export function planDigest(plan: DemoPlan): string {
  return createHash('sha256').update(JSON.stringify(plan)).digest('hex');
}
