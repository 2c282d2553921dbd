import type { Interval } from '../../db/types.js';
import {
  type StripeCoupon,
  type StripeDiscount,
  type StripeSubscription,
  type StripeSubscriptionItem,
  idOf,
} from './stripe.objects.js';

/**
 * From a Stripe subscription to the terms of a Tenure subscription version: the recurring charge
 * per interval net of discounts, in minor units. Pure, so the rules are tested on their own
 * (docs/billing.md explains each one).
 */
export interface Terms {
  plan: string | null;
  quantity: number;
  amountMinor: number;
  currency: string;
  interval: Interval;
}

export interface DiscountLookup {
  /** A discount known from a customer.discount.* event, by id. */
  discount(id: string): StripeDiscount | undefined;
  /** A coupon known from a coupon.* event, by id. */
  coupon(id: string): StripeCoupon | undefined;
}

export interface TermsResult extends Terms {
  /** Discount ids we could not net out because neither the discount nor its coupon is known. */
  unresolvedDiscounts: string[];
}

type Unit = 'day' | 'week' | 'month' | 'year';

interface Line {
  product: string | null;
  name: string;
  quantity: number;
  unit: Unit;
  count: number;
  amount: number;
  discounts: (string | StripeDiscount)[];
}

/** Half-up to a whole minor unit (amounts are never negative here). */
const roundHalfUp = (value: number) => Math.floor(value + 0.5 + 1e-9);

const decimal = (value: string | null | undefined) => (value == null || value === '' ? null : Number(value));

function line(item: StripeSubscriptionItem): Line | null {
  const price = item.price ?? null;
  const plan = item.plan ?? null;
  const recurring =
    price?.recurring ??
    (plan?.interval
      ? { interval: plan.interval, interval_count: plan.interval_count ?? 1, usage_type: plan.usage_type }
      : null);
  // One-time and metered charges are not recurring revenue (docs/metrics.md).
  if (!recurring || recurring.usage_type === 'metered') return null;
  const unitAmount =
    price?.unit_amount ?? decimal(price?.unit_amount_decimal) ?? plan?.amount ?? decimal(plan?.amount_decimal) ?? 0;
  const quantity = item.quantity ?? 1;
  const product = price ? idOf(price.product ?? null) : null;
  const productName = price && typeof price.product === 'object' && price.product ? price.product.name : null;
  return {
    product,
    name:
      price?.nickname ||
      price?.lookup_key ||
      productName ||
      plan?.nickname ||
      product ||
      price?.id ||
      plan?.id ||
      item.id,
    quantity,
    unit: recurring.interval,
    count: recurring.interval_count ?? 1,
    amount: roundHalfUp(unitAmount * quantity),
    discounts: item.discounts ?? [],
  };
}

/** month×1, month×3, month×12 and year×1 are Tenure intervals; anything else is normalised. */
function tenureInterval(unit: Unit, count: number): Interval | null {
  if (unit === 'month' && count === 1) return 'month';
  if (unit === 'month' && count === 3) return 'quarter';
  if ((unit === 'month' && count === 12) || (unit === 'year' && count === 1)) return 'year';
  return null;
}

/** Months in one interval of `count` units: weeks and days by the average calendar (52 weeks, 365 days a year). */
function monthsIn(unit: Unit, count: number): number {
  if (unit === 'month') return count;
  if (unit === 'year') return 12 * count;
  if (unit === 'week') return (12 * count) / 52;
  return (12 * count) / 365;
}

function couponOf(discount: StripeDiscount, lookup: DiscountLookup): StripeCoupon | undefined {
  const ref = discount.coupon ?? discount.source?.coupon ?? null;
  if (ref == null) return undefined;
  return typeof ref === 'string' ? lookup.coupon(ref) : ref;
}

function fixedOff(coupon: StripeCoupon, currency: string): number | undefined {
  if (coupon.amount_off == null) return undefined;
  if (!coupon.currency || coupon.currency.toUpperCase() === currency) return coupon.amount_off;
  return coupon.currency_options?.[currency.toLowerCase()]?.amount_off;
}

/**
 * Applies one coupon to the lines it covers: a percentage comes off each line (rounded per line,
 * as Stripe does); a fixed amount comes off their total, shared pro rata. Returns false when the
 * coupon can't be applied (no amount in this currency).
 */
function applyCoupon(lines: Line[], coupon: StripeCoupon, currency: string): boolean {
  const products = coupon.applies_to?.products;
  const covered = products?.length ? lines.filter((l) => l.product && products.includes(l.product)) : lines;
  if (coupon.percent_off != null) {
    for (const l of covered) l.amount -= roundHalfUp((l.amount * coupon.percent_off) / 100);
    return true;
  }
  const off = fixedOff(coupon, currency);
  if (off === undefined) return false;
  const total = covered.reduce((sum, l) => sum + l.amount, 0);
  const applied = Math.min(off, total);
  if (applied === 0) return true;
  let left = applied;
  covered.forEach((l, i) => {
    const share = Math.min(l.amount, left, i === covered.length - 1 ? left : roundHalfUp((applied * l.amount) / total));
    l.amount -= share;
    left -= share;
  });
  return true;
}

const discountId = (ref: string | StripeDiscount) => (typeof ref === 'string' ? ref : (ref.id ?? null));

export function subscriptionTerms(sub: StripeSubscription, lookup: DiscountLookup): TermsResult {
  const currency = sub.currency.toUpperCase();
  const lines = sub.items.data.map(line).filter((l): l is Line => l !== null);
  const unresolved: string[] = [];

  const apply = (targets: Line[], ref: string | StripeDiscount) => {
    const discount = typeof ref === 'string' ? lookup.discount(ref) : ref;
    const coupon = discount && couponOf(discount, lookup);
    if (!coupon || !applyCoupon(targets, coupon, currency)) unresolved.push(discountId(ref) ?? '(discount)');
  };
  // Item discounts first, then the subscription's own, each once (older API versions list the
  // same discount under both `discount` and `discounts`).
  for (const l of lines) for (const ref of l.discounts) apply([l], ref);
  const seen = new Set<string>();
  for (const ref of [...(sub.discounts ?? []), ...(sub.discount ? [sub.discount] : [])]) {
    const id = discountId(ref);
    if (id && seen.has(id)) continue;
    if (id) seen.add(id);
    apply(lines, ref);
  }

  const plan = [...new Set(lines.map((l) => l.name))].join(' + ').slice(0, 200) || null;
  const quantity = lines.reduce((sum, l) => sum + l.quantity, 0);
  const intervals = new Set(lines.map((l) => tenureInterval(l.unit, l.count)));
  const [only] = [...intervals];
  if (lines.length === 0)
    return { plan, quantity, amountMinor: 0, currency, interval: 'month', unresolvedDiscounts: unresolved };
  if (intervals.size === 1 && only) {
    return {
      plan,
      quantity,
      amountMinor: lines.reduce((sum, l) => sum + l.amount, 0),
      currency,
      interval: only,
      unresolvedDiscounts: unresolved,
    };
  }
  // Other billing periods (every 2 or 6 months, weekly, daily, mixed): stored as monthly with the
  // monthly equivalent, rounded half-up once — exactly the MRR the metrics would compute.
  const monthly = lines.reduce((sum, l) => sum + l.amount / monthsIn(l.unit, l.count), 0);
  return {
    plan,
    quantity,
    amountMinor: roundHalfUp(monthly),
    currency,
    interval: 'month',
    unresolvedDiscounts: unresolved,
  };
}
