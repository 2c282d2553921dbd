import { sql } from 'kysely';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { createBillingService } from './billing.service.js';
import { customer, type Delivery, event, SECRET, sender, subscription } from './stripe.fixtures.js';

/**
 * Signed events Tenure cannot apply are recorded as refused, with why, and acknowledged (200) —
 * a 500 would make Stripe retry them for days. A failure of the database itself still answers 500.
 */
let t: TestApp;
let send: (evt: unknown, options?: Parameters<ReturnType<typeof sender>>[1]) => Promise<Delivery>;
const stripe = new Stripe('sk_test_dummy');

beforeAll(async () => {
  t = await createTestApp({ STRIPE_WEBHOOK_SECRET: SECRET, TENURE_TIMEZONE: 'Asia/Shanghai', TENURE_CURRENCY: 'USD' });
  send = sender(await t.app.listen({ port: 0, host: '127.0.0.1' }));
});
afterAll(() => t?.close());

const stored = (id: string) =>
  t.database.db
    .selectFrom('stripe_events')
    .select(['id', 'outcome', 'payload'])
    .where('id', '=', id)
    .executeTakeFirst();
const accounts = async () =>
  Number((await sql<{ n: number }>`select count(*)::int as n from accounts`.execute(t.database.db)).rows[0].n);
async function status() {
  const admin = await t.as('admin');
  const response = await t.app.inject({
    method: 'GET',
    url: '/api/integrations/stripe',
    headers: { ...admin.headers, 'accept-language': 'en' },
  });
  expect(response.statusCode).toBe(200);
  return response.json() as {
    events: Record<string, number>;
    refusals: { id: string; type: string; reason: string }[];
  };
}

/** Posts a signed event; expects it acknowledged as refused, stored once, with a reason naming `field`. */
async function expectRefused(evt: ReturnType<typeof event>, field: RegExp) {
  const before = await accounts();
  const delivery = await send(evt);
  expect(delivery, JSON.stringify(delivery.body)).toMatchObject({
    status: 200,
    body: { received: true, duplicate: false, outcome: 'refused' },
  });
  expect(await accounts()).toBe(before);
  const row = await stored(evt.id);
  expect(row?.payload).toMatchObject({ id: evt.id, tenure_refusal: { code: expect.any(String) } });
  const refusal = (await status()).refusals.find((r) => r.id === evt.id);
  expect(refusal, 'listed under Settings → Stripe').toMatchObject({ type: evt.type });
  expect(refusal!.reason).toMatch(field);
  // Stripe's retry (same id) is a duplicate, not another refusal.
  expect(await send(evt)).toMatchObject({ status: 200, body: { duplicate: true, outcome: 'duplicate' } });
  return refusal!;
}

describe('events Tenure cannot apply', () => {
  it('a NUL byte or a lone surrogate in a customer name is refused, named, acknowledged', async () => {
    const nul = await expectRefused(
      event('customer.created', customer('cus_nul', { name: 'Acme\u0000Ltd' }), '2024-01-02T00:00:00Z'),
      /data\.object\.name/,
    );
    expect(nul.reason).toMatch(/NUL/);
    await expectRefused(
      event('customer.created', customer('cus_surrogate', { name: 'Acme \ud800 Ltd' }), '2024-01-02T00:00:00Z'),
      /data\.object\.name/,
    );
    // The stored copy keeps what it can: the bad characters replaced, the rest readable.
    const row = await t.database.db
      .selectFrom('stripe_events')
      .select('payload')
      .where(sql<boolean>`payload->'data'->'object'->>'id' = 'cus_nul'`)
      .executeTakeFirstOrThrow();
    expect((row.payload as { data: { object: { name: string } } }).data.object.name).toBe('Acme\uFFFDLtd');
  });

  it('a negative unit amount, an impossible timestamp, a currency that is no code', async () => {
    const negative = subscription('sub_negative', 'cus_neg', 'active', [{ price: 'p_neg', unit: -500 }], {
      start: '2024-01-01T00:00:00Z',
    });
    await expectRefused(event('customer.subscription.created', negative, '2024-01-02T00:00:00Z'), /unit_amount/);
    const future = {
      ...subscription('sub_far', 'cus_far', 'active', [{ price: 'p_far', unit: 500 }], {
        start: '2024-01-01T00:00:00Z',
      }),
      start_date: 1e15,
    };
    await expectRefused(event('customer.subscription.created', future, '2024-01-02T00:00:00Z'), /start_date/);
    const currency = {
      ...subscription('sub_cur', 'cus_cur', 'active', [{ price: 'p_cur', unit: 500 }], {
        start: '2024-01-01T00:00:00Z',
      }),
      currency: 'dollars',
    };
    await expectRefused(event('customer.subscription.created', currency, '2024-01-02T00:00:00Z'), /currency/);
    const huge = subscription(
      'sub_huge',
      'cus_huge',
      'active',
      [{ price: 'p_huge', unit: 1e12, quantity: 2_000_000_000 }],
      { start: '2024-01-01T00:00:00Z' },
    );
    await expectRefused(event('customer.subscription.created', huge, '2024-01-02T00:00:00Z'), /items/);
    // An envelope with an impossible time of its own still has an id to record it by.
    await expectRefused(
      { ...event('customer.created', customer('cus_when'), '2024-01-02T00:00:00Z'), created: -5 },
      /created/,
    );
  });

  it('a signed object that is not what its type says is refused, not answered 400 for ever', async () => {
    await expectRefused(
      event(
        'customer.subscription.updated',
        { id: 'sub_bad', object: 'subscription', customer: 'cus_x' },
        '2024-01-02T00:00:00Z',
      ),
      /data\.object\.(currency|status|items|start_date)/,
    );
    const counts = (await status()).events;
    expect(counts.refused).toBeGreaterThanOrEqual(8);
    expect(counts.total).toBe(counts.applied + counts.stale + counts.ignored + counts.refused);
  });

  it('a database that fails (connection lost) still answers 500, records nothing, and the retry applies', async () => {
    const lost = Object.assign(new Error('Connection terminated unexpectedly'), { code: '08006' });
    const failing = createBillingService({
      db: t.database.db,
      timeZone: 'Asia/Shanghai',
      settings: t.services.settings,
      envSecret: SECRET,
      accounts: { ...t.services.accounts, create: async () => Promise.reject(lost) },
      subscriptions: t.services.subscriptions,
      timeline: t.services.timeline,
    });
    const evt = event('customer.created', customer('cus_lost', { name: 'Lost Ltd' }), '2024-01-02T00:00:00Z');
    const payload = JSON.stringify(evt);
    const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
    await expect(failing.receive(Buffer.from(payload), signature)).rejects.toBe(lost);
    expect(await stored(evt.id)).toBeUndefined();
    expect((await send(evt)).body).toMatchObject({ outcome: 'applied' });
  });
});

describe('signature tolerance', () => {
  const signed = (offsetSeconds: number) => {
    const evt = event(
      'customer.created',
      customer(`cus_t${offsetSeconds}`, { name: 'Clock Ltd' }),
      '2024-01-02T00:00:00Z',
    );
    const payload = JSON.stringify(evt);
    const timestamp = Math.floor(Date.now() / 1000) + offsetSeconds;
    return { evt, signature: stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp }) };
  };

  it('refuses a signature timestamped more than 300 s in the future or the past', async () => {
    for (const offset of [600, -600, 301]) {
      const { evt, signature } = signed(offset);
      const delivery = await send(evt, { signature, language: 'en' });
      expect(delivery.status, `offset ${offset}`).toBe(400);
      expect(delivery.body.error?.code).toBe('invalid_signature');
      expect(await stored(evt.id)).toBeUndefined();
    }
  });

  it('accepts one within the tolerance either way (clocks drift)', async () => {
    for (const offset of [240, -240]) {
      const { evt, signature } = signed(offset);
      expect((await send(evt, { signature })).body, `offset ${offset}`).toMatchObject({ outcome: 'applied' });
    }
  });
});
