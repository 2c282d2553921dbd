import fc from 'fast-check';
import Stripe from 'stripe';
import { customer, event, invoice, SECRET, subscription } from '../../src/modules/billing/stripe.fixtures.js';
import { IMPORT_KINDS } from '../../src/shared/imports.js';
import { MEGABYTE, nastyBodyText, nastyDates, nastyStrings, nastyValue, prototypeObject, toJsonText } from './nasty.js';
import { ID_MARK, type Probe } from './openapi.js';

/**
 * Routes whose real input the document cannot describe: /v1 messages (Segment's shape), signed
 * Stripe events and multipart uploads. Each starts from a valid input and spoils some of its leaves.
 */

/** A copy of `base` with a few leaves (and sometimes whole branches) replaced by nasty values. */
export function spoiled(base: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = [];
  (function walk(value: unknown, at: (string | number)[]) {
    paths.push(at);
    if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, [...at, Array.isArray(value) ? Number(k) : k]);
  })(base, []);
  return fc
    .array(fc.tuple(fc.constantFrom(...paths.slice(1)), nastyValue), { minLength: 0, maxLength: 4 })
    .map((changes) => {
      const copy = structuredClone(base) as Record<string | number, unknown>;
      for (const [at, value] of changes) {
        let node: Record<string | number, unknown> | undefined = copy;
        for (const key of at.slice(0, -1)) node = node?.[key] as Record<string | number, unknown> | undefined;
        if (node && typeof node === 'object')
          Object.defineProperty(node, at[at.length - 1], {
            value,
            enumerable: true,
            configurable: true,
            writable: true,
          });
      }
      return copy;
    });
}

const MESSAGE_TYPES = ['identify', 'group', 'track', 'page', 'screen', 'alias'];
const message = fc
  .constantFrom(...MESSAGE_TYPES)
  .chain((type) =>
    spoiled({
      type,
      messageId: 'msg-1',
      userId: 'user-1',
      anonymousId: 'anon-1',
      previousId: 'user-0',
      groupId: 'acme',
      event: 'Report Exported',
      name: 'Dashboard',
      timestamp: '2026-06-14T10:00:00Z',
      traits: { name: 'Acme', email: 'a@acme.test', employees: 20, plan: 'pro' },
      properties: { seats: 3, module: 'reports', at: '2026-06-14' },
      context: { groupId: 'acme', traits: { name: 'Acme' } },
    }),
  )
  .chain((m) =>
    fc.nat().map((n) => {
      // A message id of its own, so a repeat is not taken for a duplicate (and skipped) before it meets the checks.
      const id = (m as { messageId?: unknown }).messageId;
      return { ...(m as object), messageId: typeof id === 'string' ? `${id}-${n}` : id };
    }),
  );

/** /v1 bodies: single messages, batches of them, or whatever else arrives. */
export function trackingProbes(path: string): fc.Arbitrary<Probe> {
  const single = path !== '/v1/batch' && path !== '/v1/b' && path !== '/v1/import';
  const body = single
    ? message
    : fc.record({
        batch: fc.array(message, { maxLength: 6 }),
        sentAt: fc.constantFrom('2026-06-15T04:00:00Z', ...nastyDates),
      });
  return fc
    .record({
      payload: fc.oneof({ weight: 8, arbitrary: body.map(toJsonText) }, { weight: 1, arbitrary: nastyBodyText }),
      contentType: fc.constantFrom('application/json', 'text/plain'),
      language: fc.constant('en'),
    })
    .map((p) => ({ ...p, url: path }));
}

const STRIPE_TYPES = [
  'customer.created',
  'customer.updated',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
  'customer.discount.created',
  'coupon.created',
  'coupon.deleted',
  'charge.refunded',
];
const stripe = new Stripe('sk_test_dummy');

function stripeObject(type: string): unknown {
  const item = { price: 'price_pro', unit: 4_900, quantity: 3 };
  if (type.startsWith('customer.subscription'))
    return subscription('sub_probe', 'cus_probe', 'active', [item], { start: '2026-01-01T00:00:00Z' });
  if (type.startsWith('invoice'))
    return invoice('in_probe', 'cus_probe', 'sub_probe', 14_700, {
      paid: true,
      period: ['2026-05-01T00:00:00Z', '2026-06-01T00:00:00Z'],
      paidAt: '2026-05-01T00:00:00Z',
    });
  if (type.startsWith('coupon'))
    return { id: 'co_probe', object: 'coupon', percent_off: 20, amount_off: null, currency: null, duration: 'forever' };
  if (type.startsWith('customer.discount'))
    return {
      id: 'di_probe',
      object: 'discount',
      customer: 'cus_probe',
      subscription: 'sub_probe',
      coupon: { id: 'co_probe', percent_off: 20 },
      start: 1_767_225_600,
    };
  return customer('cus_probe', {
    name: 'Probe Ltd',
    email: 'billing@probe.test',
    metadata: { tenure_account: 'acme' },
  });
}

/** Stripe events signed with the real secret, so the handlers (not only the signature check) meet the nasty values. */
export function stripeProbes(path: string): fc.Arbitrary<Probe> {
  const signed = fc
    .tuple(fc.constantFrom(...STRIPE_TYPES), fc.nat({ max: 1_000_000 }))
    .chain(([type, n]) =>
      spoiled(event(type, stripeObject(type) as Record<string, unknown>, '2026-06-10T00:00:00Z', `evt_probe_${n}`)),
    )
    .map(toJsonText);
  return fc.oneof({ weight: 8, arbitrary: signed }, { weight: 1, arbitrary: nastyBodyText }).map((payload) => ({
    url: path,
    payload,
    contentType: 'application/json',
    language: 'en',
    headers: { 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }) },
  }));
}

const CSV_CELLS = [
  'Acme',
  '',
  '2026-06-15',
  '0000-01-01',
  '2026-02-30',
  '9999-12-31',
  '1e308',
  'NaN',
  '-1',
  '__proto__',
  'a\u0000b',
  '\uD800',
  '"',
  '=1+1',
  'x'.repeat(5_000),
];

/** Multipart uploads for /api/imports/:kind(/preview): a small CSV of nasty cells, a nasty map and outcome. */
export function importProbes(path: string): fc.Arbitrary<Probe> {
  const boundary = 'hardeningprobe';
  const part = (name: string, value: string, filename?: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n${filename ? 'Content-Type: text/csv\r\n' : ''}\r\n${value}\r\n`;
  const csv = fc
    .array(fc.array(fc.constantFrom(...CSV_CELLS), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 })
    .map((rows) =>
      [['name', 'external_id', 'email', 'date', 'amount', 'score'], ...rows]
        .map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(','))
        .join('\r\n'),
    );
  return fc
    .record({
      kind: fc.constantFrom(...IMPORT_KINDS, '__proto__'),
      csv,
      filename: fc.constantFrom('probe.csv', 'probe.xlsx', '__proto__.csv', '../../x.csv', 'é\u0000.csv'),
      map: fc.option(
        fc.constantFrom(
          '{"name":"name"}',
          JSON.stringify(prototypeObject('name')),
          '{"__proto__":"x"}',
          '[]',
          '{',
          MEGABYTE.slice(0, 2_000),
        ),
        { nil: undefined },
      ),
      outcome: fc.option(fc.constantFrom('skip', '__proto__', 'toString', '\u0000'), { nil: undefined }),
    })
    .map(({ kind, csv: text, filename, map, outcome }) => ({
      url: path.replace(':kind', kind),
      payload: `${part('file', text, filename)}${map === undefined ? '' : part('map', map)}${outcome === undefined ? '' : part('outcome', outcome)}--${boundary}--\r\n`,
      contentType: `multipart/form-data; boundary=${boundary}`,
      language: 'en',
    }));
}

export { ID_MARK };
