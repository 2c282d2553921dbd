import Stripe from 'stripe';

/**
 * Test helpers: Stripe-shaped events signed with the official library, posted with fetch to the
 * app listening on a real port.
 */
export const SECRET = 'whsec_test_tenure_secret';
export const unix = (iso: string) => Date.parse(iso) / 1000;
const stripe = new Stripe('sk_test_dummy');

let sequence = 0;
export function event(
  type: string,
  object: Record<string, unknown>,
  at: string,
  id = `evt_${++sequence}_${type.replace(/\W/g, '_')}`,
) {
  return {
    id,
    object: 'event',
    api_version: '2026-10-28.endive',
    livemode: false,
    pending_webhooks: 1,
    type,
    created: unix(at),
    data: { object },
  };
}

export function customer(id: string, fields: Record<string, unknown> = {}) {
  return {
    id,
    object: 'customer',
    name: null,
    email: null,
    metadata: {},
    created: unix('2024-01-01T00:00:00Z'),
    ...fields,
  };
}

export interface ItemSpec {
  price: string;
  unit: number;
  quantity?: number;
  interval?: 'month' | 'year';
  count?: number;
  nickname?: string;
}

export function subscription(
  id: string,
  customerId: string,
  status: string,
  items: ItemSpec[],
  fields: { start: string; trialStart?: string; trialEnd?: string; endedAt?: string; discounts?: unknown[] } & Record<
    string,
    unknown
  >,
) {
  const { start, trialStart, trialEnd, endedAt, discounts, ...rest } = fields;
  return {
    id,
    object: 'subscription',
    customer: customerId,
    currency: 'usd',
    status,
    start_date: unix(start),
    created: unix(start),
    trial_start: trialStart ? unix(trialStart) : null,
    trial_end: trialEnd ? unix(trialEnd) : null,
    ended_at: endedAt ? unix(endedAt) : null,
    canceled_at: endedAt ? unix(endedAt) : null,
    cancel_at: null,
    cancel_at_period_end: false,
    discounts: discounts ?? [],
    metadata: {},
    items: {
      object: 'list',
      data: items.map((i, n) => ({
        id: `si_${id}_${n}`,
        object: 'subscription_item',
        quantity: i.quantity ?? 1,
        discounts: [],
        current_period_start: unix(start),
        current_period_end: unix(start) + 30 * 86400,
        price: {
          id: i.price,
          object: 'price',
          currency: 'usd',
          nickname: i.nickname ?? i.price,
          product: `prod_${i.price}`,
          billing_scheme: 'per_unit',
          unit_amount: i.unit,
          unit_amount_decimal: String(i.unit),
          recurring: { interval: i.interval ?? 'month', interval_count: i.count ?? 1, usage_type: 'licensed' },
        },
      })),
    },
    ...rest,
  };
}

export function invoice(
  id: string,
  customerId: string,
  subscriptionId: string,
  amount: number,
  fields: { paid: boolean; period: [string, string]; paidAt?: string },
) {
  return {
    id,
    object: 'invoice',
    customer: customerId,
    currency: 'usd',
    amount_due: amount,
    amount_paid: fields.paid ? amount : 0,
    status: fields.paid ? 'paid' : 'open',
    parent: { type: 'subscription_details', subscription_details: { subscription: subscriptionId } },
    period_start: unix(fields.period[0]),
    period_end: unix(fields.period[0]),
    lines: {
      object: 'list',
      data: [{ id: `il_${id}`, amount, period: { start: unix(fields.period[0]), end: unix(fields.period[1]) } }],
    },
    status_transitions: { paid_at: fields.paidAt ? unix(fields.paidAt) : null },
  };
}

export interface Delivery {
  status: number;
  body: { received?: boolean; duplicate?: boolean; outcome?: string; error?: { code: string; message: string } };
}

/** Signs the payload exactly as Stripe does and posts it over HTTP. */
export function sender(baseUrl: string) {
  return async function send(
    evt: unknown,
    options: { secret?: string; signature?: string | null; body?: string; raw?: string; language?: string } = {},
  ): Promise<Delivery> {
    // raw: JSON text to sign and send as it is (JSON.stringify cannot write every body a test needs).
    const payload = options.raw ?? JSON.stringify(evt);
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
    };
    const signature =
      options.signature === undefined
        ? stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? SECRET })
        : options.signature;
    if (signature !== null) headers['stripe-signature'] = signature;
    if (options.language) headers['accept-language'] = options.language;
    const response = await fetch(`${baseUrl}/webhooks/stripe`, {
      method: 'POST',
      headers,
      body: options.body ?? payload,
    });
    return { status: response.status, body: (await response.json()) as Delivery['body'] };
  };
}
