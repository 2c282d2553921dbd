import { describe, expect, it } from 'vitest';
import { type StripeSubscription, subscriptionSchema } from './stripe.objects.js';
import { type DiscountLookup, subscriptionTerms } from './stripe.terms.js';
import { dayOf, step, stepsFor, type Version, type VersionTerms, versionChanges } from './stripe.versions.js';

const none: DiscountLookup = { discount: () => undefined, coupon: () => undefined };
const unix = (iso: string) => Date.parse(iso) / 1000;

function sub(
  items: {
    unit: number | null;
    quantity?: number;
    interval?: 'day' | 'week' | 'month' | 'year';
    count?: number;
    product?: string;
    metered?: boolean;
    nickname?: string;
  }[],
  extra: Partial<StripeSubscription> = {},
) {
  return subscriptionSchema.parse({
    id: 'sub_1',
    object: 'subscription',
    customer: 'cus_1',
    currency: 'usd',
    status: 'active',
    start_date: unix('2024-01-01T00:00:00Z'),
    items: {
      data: items.map((i, n) => ({
        id: `si_${n}`,
        quantity: i.quantity ?? 1,
        price: {
          id: `price_${n}`,
          currency: 'usd',
          nickname: i.nickname ?? `Plan ${n}`,
          product: i.product ?? `prod_${n}`,
          unit_amount: i.unit,
          recurring: {
            interval: i.interval ?? 'month',
            interval_count: i.count ?? 1,
            usage_type: i.metered ? 'metered' : 'licensed',
          },
        },
      })),
    },
    ...extra,
  });
}

describe('Stripe subscription → terms', () => {
  it('multiplies unit amount by quantity and keeps month, quarter and year as they are', () => {
    expect(subscriptionTerms(sub([{ unit: 4999, quantity: 3 }]), none)).toMatchObject({
      amountMinor: 14997,
      interval: 'month',
      quantity: 3,
      currency: 'USD',
      plan: 'Plan 0',
    });
    expect(subscriptionTerms(sub([{ unit: 30000, count: 3 }]), none)).toMatchObject({
      amountMinor: 30000,
      interval: 'quarter',
    });
    expect(subscriptionTerms(sub([{ unit: 120000, interval: 'year' }]), none)).toMatchObject({
      amountMinor: 120000,
      interval: 'year',
    });
    expect(subscriptionTerms(sub([{ unit: 120000, count: 12 }]), none)).toMatchObject({
      amountMinor: 120000,
      interval: 'year',
    });
  });

  it('stores other billing periods as monthly with the monthly equivalent, rounded half-up once', () => {
    // Every 6 months 59,999 → 9,999.83… a month.
    expect(subscriptionTerms(sub([{ unit: 59999, count: 6 }]), none)).toMatchObject({
      amountMinor: 10000,
      interval: 'month',
    });
    // Every 2 months 1,001 → 500.5 → 501.
    expect(subscriptionTerms(sub([{ unit: 1001, count: 2 }]), none)).toMatchObject({
      amountMinor: 501,
      interval: 'month',
    });
    // Every 2 years 240,000 → 10,000 a month.
    expect(subscriptionTerms(sub([{ unit: 240000, interval: 'year', count: 2 }]), none)).toMatchObject({
      amountMinor: 10000,
      interval: 'month',
    });
    // Weekly 1,200 → 1,200 × 52 / 12 = 5,200.
    expect(subscriptionTerms(sub([{ unit: 1200, interval: 'week' }]), none)).toMatchObject({
      amountMinor: 5200,
      interval: 'month',
    });
    // Mixed periods: a monthly 1,000 plus a yearly 12,000 → 2,000 a month.
    expect(subscriptionTerms(sub([{ unit: 1000 }, { unit: 12000, interval: 'year' }]), none)).toMatchObject({
      amountMinor: 2000,
      interval: 'month',
      plan: 'Plan 0 + Plan 1',
    });
  });

  it('leaves metered items out and counts decimal unit amounts to the cent', () => {
    const terms = subscriptionTerms(sub([{ unit: 5000 }, { unit: 7, metered: true }]), none);
    expect(terms).toMatchObject({ amountMinor: 5000, quantity: 1, plan: 'Plan 0' });
    const decimal = sub([{ unit: null, quantity: 3 }]);
    decimal.items.data[0].price!.unit_amount_decimal = '33.335';
    expect(subscriptionTerms(decimal, none).amountMinor).toBe(100);
  });

  it('nets percentage and fixed discounts, from embedded objects or from discounts and coupons seen before', () => {
    const percent = { id: 'co_p', percent_off: 15 };
    const fixed = { id: 'co_f', amount_off: 1234, currency: 'usd' };
    // Legacy API versions: `discount` with its coupon.
    expect(
      subscriptionTerms(sub([{ unit: 9999 }], { discount: { id: 'di_a', coupon: percent } }), none).amountMinor,
    ).toBe(9999 - 1500);
    // Current API versions: `discounts` holds ids; the discount (and its coupon) came in their own events.
    const lookup: DiscountLookup = {
      discount: (id) => (id === 'di_b' ? { id, source: { coupon: 'co_f' } } : undefined),
      coupon: (id) => (id === 'co_f' ? fixed : undefined),
    };
    expect(subscriptionTerms(sub([{ unit: 9999 }], { discounts: ['di_b'] }), lookup)).toMatchObject({
      amountMinor: 9999 - 1234,
      unresolvedDiscounts: [],
    });
    // Unknown discounts are reported, and the amount stays gross.
    expect(subscriptionTerms(sub([{ unit: 9999 }], { discounts: ['di_x'] }), lookup)).toMatchObject({
      amountMinor: 9999,
      unresolvedDiscounts: ['di_x'],
    });
    // A fixed amount never takes the charge below zero; a coupon in another currency without an amount for ours is not applied.
    expect(
      subscriptionTerms(
        sub([{ unit: 1000 }], {
          discounts: [{ id: 'di_c', coupon: { id: 'co_big', amount_off: 5000, currency: 'usd' } }],
        }),
        none,
      ).amountMinor,
    ).toBe(0);
    expect(
      subscriptionTerms(
        sub([{ unit: 1000 }], {
          discounts: [{ id: 'di_d', coupon: { id: 'co_eur', amount_off: 100, currency: 'eur' } }],
        }),
        none,
      ),
    ).toMatchObject({ amountMinor: 1000, unresolvedDiscounts: ['di_d'] });
  });

  it('applies a coupon only to the products it names, and item discounts to their item', () => {
    const onlyPro = { id: 'di_e', coupon: { id: 'co_pro', percent_off: 50, applies_to: { products: ['prod_pro'] } } };
    expect(
      subscriptionTerms(
        sub(
          [
            { unit: 1000, product: 'prod_basic' },
            { unit: 3000, product: 'prod_pro' },
          ],
          { discounts: [onlyPro] },
        ),
        none,
      ).amountMinor,
    ).toBe(1000 + 1500);
    const s = sub([{ unit: 1000 }, { unit: 3000 }]);
    s.items.data[1].discounts = [{ id: 'di_f', coupon: { id: 'co_10', percent_off: 10 } }];
    expect(subscriptionTerms(s, none).amountMinor).toBe(1000 + 2700);
  });
});

describe('states → versions', () => {
  const terms = (amountMinor: number, status: VersionTerms['status'] = 'active'): VersionTerms => ({
    plan: 'P',
    quantity: 1,
    amountMinor,
    currency: 'USD',
    interval: 'month',
    status,
  });
  const open = (t: VersionTerms) => ({ service: true as const, terms: t });

  it('cuts days in the organisation time zone', () => {
    expect(dayOf(unix('2024-01-31T17:00:00Z'), 'Asia/Shanghai')).toBe('2024-02-01');
    expect(dayOf(unix('2024-01-31T17:00:00Z'), 'UTC')).toBe('2024-01-31');
    expect(dayOf(unix('2024-01-31T17:00:00Z'), 'America/New_York')).toBe('2024-01-31');
  });

  it('closes the open version on the change day and opens the next; several changes on one day make one version', () => {
    let v: Version[] = step([], { day: '2024-01-05', target: open(terms(1000, 'trialing')) });
    v = step(v, { day: '2024-01-19', target: open(terms(1000)) });
    v = step(v, { day: '2024-02-10', target: open(terms(2000)) });
    v = step(v, { day: '2024-02-10', target: open(terms(2500)) });
    v = step(v, { day: '2024-02-11', target: open(terms(2500)) });
    expect(v).toEqual([
      { startsOn: '2024-01-05', endsOn: '2024-01-19', terms: terms(1000, 'trialing') },
      { startsOn: '2024-01-19', endsOn: '2024-02-10', terms: terms(1000) },
      { startsOn: '2024-02-10', endsOn: null, terms: terms(2500) },
    ]);
  });

  it('ends service on a day: later versions go, the covering one ends there; a later restart opens a new one', () => {
    const v: Version[] = [
      { startsOn: '2024-01-01', endsOn: '2024-03-01', terms: terms(1000) },
      { startsOn: '2024-03-01', endsOn: null, terms: terms(1000, 'past_due') },
    ];
    expect(step(v, { day: '2024-03-01', target: { service: false } })).toEqual([
      { startsOn: '2024-01-01', endsOn: '2024-03-01', terms: terms(1000) },
    ]);
    const ended = step(v, { day: '2024-04-15', target: { service: false } });
    expect(ended.at(-1)).toEqual({ startsOn: '2024-03-01', endsOn: '2024-04-15', terms: terms(1000, 'past_due') });
    expect(step(ended, { day: '2024-06-01', target: open(terms(900)) }).at(-1)).toEqual({
      startsOn: '2024-06-01',
      endsOn: null,
      terms: terms(900),
    });
  });

  it('rebuilds a subscription first seen later from its own dates: trial, paid service, end', () => {
    const s = sub([{ unit: 1000 }], {
      status: 'canceled',
      start_date: unix('2024-01-05T02:00:00Z'),
      trial_start: unix('2024-01-05T02:00:00Z'),
      trial_end: unix('2024-01-19T02:00:00Z'),
      ended_at: unix('2024-05-19T17:00:00Z'),
    });
    const { unresolvedDiscounts: _u, ...base } = subscriptionTerms(s, none);
    const steps = stepsFor({
      sub: s,
      status: 'canceled',
      terms: base,
      eventCreated: unix('2024-05-19T17:00:00Z'),
      timeZone: 'Asia/Shanghai',
      firstSight: true,
    });
    expect(steps.reduce<Version[]>(step, [])).toEqual([
      { startsOn: '2024-01-05', endsOn: '2024-01-19', terms: { ...base, status: 'trialing' } },
      { startsOn: '2024-01-19', endsOn: '2024-05-20', terms: { ...base, status: 'active' } },
    ]);
    // Never paid: nothing at all.
    expect(
      stepsFor({
        sub: s,
        status: 'incomplete_expired',
        terms: base,
        eventCreated: 0,
        timeZone: 'UTC',
        firstSight: true,
      }),
    ).toEqual([]);
  });

  it('writes only what changed', () => {
    const stored = [
      { id: 'a', startsOn: '2024-01-01', endsOn: null, terms: terms(1000) },
      { id: 'b', startsOn: '2024-02-01', endsOn: null, terms: terms(1000) },
    ];
    const next: Version[] = [
      { startsOn: '2024-01-01', endsOn: null, terms: terms(1000) },
      { startsOn: '2024-03-01', endsOn: null, terms: terms(2000) },
    ];
    expect(versionChanges(stored, next)).toEqual({ remove: ['b'], upsert: [next[1]] });
  });
});
