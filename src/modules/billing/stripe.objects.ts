import { z } from 'zod';

/**
 * The parts of Stripe's objects Tenure reads, validated once the signature has been checked.
 * Loose objects: Stripe adds fields with every API version, and we ignore what we don't read.
 * Expandable fields arrive as ids in webhooks, or as objects on older API versions — both accepted.
 */
/**
 * Unix seconds from 1970 to the end of year 9999: a time outside cannot be a Stripe event's and
 * would not survive the trip through Date and the database (an event refused, not a 500).
 */
const ts = z.number().int().min(0).max(253_402_300_799);
/** Minor units are never negative; 10^12 is far above any real price and keeps sums exact. */
const minor = z.number().int().min(0).max(1e12);
/** ISO 4217 (subscription_versions.currency is a char(3)). */
const currency = z.string().regex(/^[a-zA-Z]{3}$/);
const decimalMinor = z.string().regex(/^\d{1,13}(\.\d{1,12})?$/);
const metadata = z.record(z.string(), z.string()).nullish();

export const couponSchema = z.looseObject({
  id: z.string(),
  object: z.literal('coupon').optional(),
  percent_off: z.number().min(0).max(100).nullish(),
  amount_off: minor.nullish(),
  currency: currency.nullish(),
  currency_options: z.record(z.string(), z.looseObject({ amount_off: minor })).nullish(),
  applies_to: z.looseObject({ products: z.array(z.string()) }).nullish(),
  duration: z.string().nullish(),
});
export type StripeCoupon = z.infer<typeof couponSchema>;

const couponRef = z.union([z.string(), couponSchema]).nullish();

export const discountSchema = z.looseObject({
  id: z.string().nullish(),
  object: z.literal('discount').optional(),
  /** API versions before 2025: the coupon itself. */
  coupon: couponRef,
  /** Current API versions: `source.coupon`, an id unless expanded. */
  source: z.looseObject({ coupon: couponRef }).nullish(),
  customer: z.union([z.string(), z.looseObject({ id: z.string() })]).nullish(),
  subscription: z.string().nullish(),
  subscription_item: z.string().nullish(),
  start: ts.nullish(),
  end: ts.nullish(),
});
export type StripeDiscount = z.infer<typeof discountSchema>;
const discountRef = z.union([z.string(), discountSchema]);

export const priceSchema = z.looseObject({
  id: z.string(),
  currency: currency.nullish(),
  nickname: z.string().nullish(),
  lookup_key: z.string().nullish(),
  product: z.union([z.string(), z.looseObject({ id: z.string(), name: z.string().nullish() })]).nullish(),
  unit_amount: minor.nullish(),
  unit_amount_decimal: decimalMinor.nullish(),
  billing_scheme: z.string().nullish(),
  recurring: z
    .looseObject({
      interval: z.enum(['day', 'week', 'month', 'year']),
      interval_count: z.number().int().min(1).max(1000).default(1),
      usage_type: z.string().nullish(),
    })
    .nullish(),
});
export type StripePrice = z.infer<typeof priceSchema>;

/** Legacy `plan` on subscription items (older API versions): amount and interval live here. */
const planSchema = z.looseObject({
  id: z.string(),
  amount: minor.nullish(),
  amount_decimal: decimalMinor.nullish(),
  interval: z.enum(['day', 'week', 'month', 'year']).nullish(),
  interval_count: z.number().int().min(1).max(1000).nullish(),
  nickname: z.string().nullish(),
  usage_type: z.string().nullish(),
});

export const subscriptionItemSchema = z.looseObject({
  id: z.string(),
  price: priceSchema.nullish(),
  plan: planSchema.nullish(),
  /** subscription_versions.quantity is an int4. */
  quantity: z.number().int().min(0).max(2_147_483_647).nullish(),
  discounts: z.array(discountRef).nullish(),
  current_period_start: ts.nullish(),
  current_period_end: ts.nullish(),
});
export type StripeSubscriptionItem = z.infer<typeof subscriptionItemSchema>;

export const SUBSCRIPTION_STATUSES = [
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'canceled',
  'unpaid',
  'paused',
] as const;

export const subscriptionSchema = z.looseObject({
  id: z.string(),
  object: z.literal('subscription'),
  customer: z.union([z.string(), z.looseObject({ id: z.string() })]),
  currency,
  status: z.enum(SUBSCRIPTION_STATUSES),
  items: z.looseObject({ data: z.array(subscriptionItemSchema) }),
  /** Legacy single discount (API versions before 2025). */
  discount: discountSchema.nullish(),
  discounts: z.array(discountRef).nullish(),
  start_date: ts,
  created: ts.nullish(),
  trial_start: ts.nullish(),
  trial_end: ts.nullish(),
  ended_at: ts.nullish(),
  canceled_at: ts.nullish(),
  cancel_at: ts.nullish(),
  current_period_start: ts.nullish(),
  metadata,
});
export type StripeSubscription = z.infer<typeof subscriptionSchema>;

export const customerSchema = z.looseObject({
  id: z.string(),
  object: z.literal('customer'),
  name: z.string().nullish(),
  email: z.string().nullish(),
  created: ts.nullish(),
  metadata,
  deleted: z.boolean().optional(),
});
export type StripeCustomer = z.infer<typeof customerSchema>;

export const invoiceSchema = z.looseObject({
  id: z.string(),
  object: z.literal('invoice'),
  customer: z.union([z.string(), z.looseObject({ id: z.string() })]),
  currency,
  amount_due: minor,
  amount_paid: minor,
  /** API versions before 2025. */
  subscription: z.union([z.string(), z.looseObject({ id: z.string() })]).nullish(),
  /** Current API versions: `parent.subscription_details.subscription`. */
  parent: z
    .looseObject({
      subscription_details: z
        .looseObject({ subscription: z.union([z.string(), z.looseObject({ id: z.string() })]).nullish() })
        .nullish(),
    })
    .nullish(),
  period_start: ts.nullish(),
  period_end: ts.nullish(),
  lines: z
    .looseObject({ data: z.array(z.looseObject({ period: z.looseObject({ start: ts, end: ts }).nullish() })) })
    .nullish(),
  status_transitions: z.looseObject({ paid_at: ts.nullish() }).nullish(),
});
export type StripeInvoice = z.infer<typeof invoiceSchema>;

export const eventSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  created: ts,
  data: z.looseObject({ object: z.looseObject({}) }),
});
export type StripeEventEnvelope = z.infer<typeof eventSchema>;

export const idOf = (ref: string | { id: string } | null | undefined) =>
  ref == null ? null : typeof ref === 'string' ? ref : ref.id;
