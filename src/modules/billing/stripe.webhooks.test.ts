import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';
import { customer, type Delivery, event, invoice, SECRET, sender, subscription, unix } from './stripe.fixtures.js';

/**
 * Stripe webhooks end to end: events signed with the official `stripe` package, posted over real
 * HTTP to the app on a free port; organisation time zone Asia/Shanghai (UTC+8), base currency USD.
 */
let t: TestApp;
let send: (evt: unknown, options?: Parameters<ReturnType<typeof sender>>[1]) => Promise<Delivery>;

beforeAll(async () => {
  t = await createTestApp({ STRIPE_WEBHOOK_SECRET: SECRET, TENURE_TIMEZONE: 'Asia/Shanghai', TENURE_CURRENCY: 'USD' });
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  send = sender(address);
});
afterAll(() => t?.close());

const count = async (table: 'stripe_events' | 'accounts' | 'subscription_versions' | 'audit_log' | 'stripe_invoices') =>
  Number(
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.database.db)).rows[0].n,
  );

async function accountOf(customerId: string) {
  const row = await t.database.db
    .selectFrom('stripe_customers')
    .select('account_id')
    .where('id', '=', customerId)
    .executeTakeFirst();
  return row?.account_id ?? null;
}

async function versions(subscriptionId: string) {
  const rows = await t.database.db
    .selectFrom('subscription_versions as v')
    .innerJoin('subscriptions as s', 's.id', 'v.subscription_id')
    .select([
      'v.account_id',
      'v.plan',
      'v.quantity',
      'v.amount_minor',
      'v.currency',
      'v.interval',
      'v.starts_on',
      'v.ends_on',
      'v.status',
    ])
    .where('s.external_id', '=', subscriptionId)
    .orderBy('v.starts_on')
    .execute();
  return rows.map((r) => ({ ...r, currency: r.currency.trim() }));
}

const ok = (d: Delivery, outcome = 'applied') =>
  expect(d, JSON.stringify(d.body)).toMatchObject({ status: 200, body: { received: true, outcome } });

describe('signature', () => {
  const evt = () => event('customer.created', customer('cus_sig', { name: 'Signed Ltd' }), '2024-01-02T00:00:00Z');

  it('refuses a missing, wrong or tampered signature with 400 and stores nothing', async () => {
    const before = {
      events: await count('stripe_events'),
      accounts: await count('accounts'),
      audit: await count('audit_log'),
    };
    const missing = await send(evt(), { signature: null, language: 'en' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      code: 'invalid_signature',
      message: expect.stringMatching(/Stripe-Signature header is missing/),
    });

    const wrongSecret = await send(evt(), { secret: 'whsec_someone_else', language: 'en' });
    expect(wrongSecret.status).toBe(400);
    expect(wrongSecret.body.error).toMatchObject({
      code: 'invalid_signature',
      message: expect.stringMatching(/does not match/),
    });

    const original = evt();
    const tampered = await send(original, {
      body: JSON.stringify({ ...original, data: { object: customer('cus_sig', { name: 'Evil Corp' }) } }),
    });
    expect(tampered.status).toBe(400);

    const garbage = await send(evt(), { signature: 't=1,v1=deadbeef' });
    expect(garbage.status).toBe(400);

    // Stripe sends no Accept-Language: the server's default language (zh-CN here).
    const chinese = await send(evt(), { secret: 'whsec_someone_else' });
    expect(chinese.body.error?.message).toMatch(/签名/);

    expect({
      events: await count('stripe_events'),
      accounts: await count('accounts'),
      audit: await count('audit_log'),
    }).toEqual(before);
    expect(await accountOf('cus_sig')).toBeNull();
  });

  it('acknowledges a redelivered event without doing anything again', async () => {
    const e = evt();
    ok(await send(e));
    const after = {
      events: await count('stripe_events'),
      accounts: await count('accounts'),
      audit: await count('audit_log'),
    };
    const again = await send(e);
    expect(again).toMatchObject({ status: 200, body: { received: true, duplicate: true, outcome: 'duplicate' } });
    expect({
      events: await count('stripe_events'),
      accounts: await count('accounts'),
      audit: await count('audit_log'),
    }).toEqual(after);
  });

  it('records event types it does not act on as ignored', async () => {
    ok(await send(event('charge.succeeded', { id: 'ch_1', object: 'charge' }, '2024-01-02T00:00:00Z')), 'ignored');
  });

  it('refuses a signed event nested thousands of levels deep with 400 instead of overflowing the stack (500)', async () => {
    const deep = `${'{"nested":'.repeat(5_000)}"x"${'}'.repeat(5_000)}`;
    const raw = JSON.stringify(
      event('customer.created', customer('cus_deep', { metadata: { deep: '<deep>' } }), '2024-01-02T00:00:00Z'),
    ).replace('"<deep>"', deep);
    const before = await count('stripe_events');
    const answer = await send(null, { raw });
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'json_too_deep' } } });
    expect(await count('stripe_events')).toBe(before);
  });

  it('records a signed object that is not what its type says as refused (200, so Stripe stops retrying; stripe.refusals.test.ts)', async () => {
    const bad = await send(
      event(
        'customer.subscription.updated',
        { id: 'sub_bad', object: 'subscription', customer: 'cus_x' },
        '2024-01-02T00:00:00Z',
      ),
    );
    expect(bad).toMatchObject({ status: 200, body: { outcome: 'refused' } });
  });
});

describe('linking customers to accounts', () => {
  it('by metadata.tenure_account_id', async () => {
    const account = await t.services.accounts.create(cliActor, { name: 'Linked by id' });
    ok(
      await send(
        event(
          'customer.created',
          customer('cus_meta', { name: 'Other name', metadata: { tenure_account_id: account.id } }),
          '2024-01-02T00:00:00Z',
        ),
      ),
    );
    expect(await accountOf('cus_meta')).toBe(account.id);
    expect((await t.services.accounts.get(account.id)).name).toBe('Linked by id');
  });

  it('by external id: the Stripe customer id, or metadata.external_id', async () => {
    const byStripeId = await t.services.accounts.create(cliActor, { name: 'Has the Stripe id', externalId: 'cus_ext' });
    const byCrmId = await t.services.accounts.create(cliActor, { name: 'Has the CRM id', externalId: 'CRM-42' });
    ok(await send(event('customer.created', customer('cus_ext', { name: 'X' }), '2024-01-02T00:00:00Z')));
    ok(
      await send(
        event(
          'customer.created',
          customer('cus_crm', { name: 'Y', metadata: { external_id: 'CRM-42' } }),
          '2024-01-02T00:00:00Z',
        ),
      ),
    );
    expect(await accountOf('cus_ext')).toBe(byStripeId.id);
    expect(await accountOf('cus_crm')).toBe(byCrmId.id);
  });

  it('creates the account otherwise: named after the customer, external id = customer id, domain from the email', async () => {
    const bogus = { tenure_account_id: 'not-a-uuid' };
    ok(
      await send(
        event(
          'customer.created',
          customer('cus_new', { name: 'Newco GmbH', email: 'billing@newco.example', metadata: bogus }),
          '2024-01-02T00:00:00Z',
        ),
      ),
    );
    const account = await t.services.accounts.get((await accountOf('cus_new'))!);
    expect(account).toMatchObject({ name: 'Newco GmbH', externalId: 'cus_new', domain: 'newco.example' });
    ok(
      await send(
        event('customer.created', customer('cus_gmail', { email: 'someone@gmail.com' }), '2024-01-02T00:00:00Z'),
      ),
    );
    expect(await t.services.accounts.get((await accountOf('cus_gmail'))!)).toMatchObject({
      name: 'someone@gmail.com',
      domain: null,
    });
  });

  it('a subscription before its customer: an account named after the id, filled in when the customer arrives', async () => {
    ok(
      await send(
        event(
          'customer.subscription.created',
          subscription('sub_early', 'cus_late', 'active', [{ price: 'basic', unit: 1000 }], {
            start: '2024-01-10T02:00:00Z',
          }),
          '2024-01-10T02:00:00Z',
        ),
      ),
    );
    const accountId = (await accountOf('cus_late'))!;
    expect(await t.services.accounts.get(accountId)).toMatchObject({ name: 'cus_late', externalId: 'cus_late' });
    ok(
      await send(
        event(
          'customer.created',
          customer('cus_late', { name: 'Late Inc', email: 'ap@late.example' }),
          '2024-01-10T01:59:00Z',
        ),
      ),
    );
    expect(await accountOf('cus_late')).toBe(accountId);
    expect(await t.services.accounts.get(accountId)).toMatchObject({ name: 'Late Inc', domain: 'late.example' });
    expect((await versions('sub_early'))[0]).toMatchObject({
      account_id: accountId,
      starts_on: '2024-01-10',
      amount_minor: 1000,
    });
  });
});

describe('order of delivery', () => {
  it('an older subscription state arriving after a newer one changes nothing, but is recorded', async () => {
    const items = (quantity: number) => [{ price: 'seat', unit: 2000, quantity }];
    const fields = { start: '2024-03-01T02:00:00Z' };
    ok(
      await send(
        event(
          'customer.subscription.created',
          subscription('sub_ooo', 'cus_ooo', 'active', items(1), fields),
          '2024-03-01T02:00:00Z',
        ),
      ),
    );
    ok(
      await send(
        event(
          'customer.subscription.updated',
          subscription('sub_ooo', 'cus_ooo', 'active', items(5), fields),
          '2024-03-20T02:00:00Z',
        ),
      ),
    );
    const before = await versions('sub_ooo');
    const late = event(
      'customer.subscription.updated',
      subscription('sub_ooo', 'cus_ooo', 'active', items(3), fields),
      '2024-03-10T02:00:00Z',
    );
    ok(await send(late), 'stale');
    expect(await versions('sub_ooo')).toEqual(before);
    expect(before.map((v) => [v.starts_on, v.ends_on, v.quantity, v.amount_minor])).toEqual([
      ['2024-03-01', '2024-03-20', 1, 2000],
      ['2024-03-20', null, 5, 10000],
    ]);
    const recorded = await t.database.db
      .selectFrom('stripe_events')
      .select('outcome')
      .where('id', '=', late.id)
      .executeTakeFirstOrThrow();
    expect(recorded.outcome).toBe('stale');
    // An older customer state does not rename the account either.
    ok(await send(event('customer.created', customer('cus_ooo', { name: 'Newest name' }), '2024-03-21T00:00:00Z')));
    ok(
      await send(event('customer.updated', customer('cus_ooo', { name: 'Old name' }), '2024-03-02T00:00:00Z')),
      'stale',
    );
  });

  it('a subscription first seen when it is already running is rebuilt from its own dates', async () => {
    const sub = subscription('sub_seen_late', 'cus_seen_late', 'active', [{ price: 'pro', unit: 5000 }], {
      start: '2024-02-01T02:00:00Z',
      trialStart: '2024-02-01T02:00:00Z',
      trialEnd: '2024-02-15T02:00:00Z',
    });
    ok(await send(event('customer.subscription.updated', sub, '2024-04-01T02:00:00Z')));
    expect((await versions('sub_seen_late')).map((v) => [v.starts_on, v.ends_on, v.status])).toEqual([
      ['2024-02-01', '2024-02-15', 'trialing'],
      ['2024-02-15', null, 'active'],
    ]);
  });

  it('cuts days in the organisation time zone: 2024-01-31T17:00Z is 1 February in Shanghai', async () => {
    const sub = subscription('sub_tz', 'cus_tz', 'active', [{ price: 'basic', unit: 1000 }], {
      start: '2024-01-31T17:00:00Z',
    });
    ok(await send(event('customer.subscription.created', sub, '2024-01-31T17:00:00Z')));
    expect((await versions('sub_tz'))[0]).toMatchObject({ starts_on: '2024-02-01' });
    const ended = subscription('sub_tz', 'cus_tz', 'canceled', [{ price: 'basic', unit: 1000 }], {
      start: '2024-01-31T17:00:00Z',
      endedAt: '2024-02-29T16:30:00Z',
    });
    ok(await send(event('customer.subscription.deleted', ended, '2024-02-29T16:30:00Z')));
    expect((await versions('sub_tz'))[0]).toMatchObject({ starts_on: '2024-02-01', ends_on: '2024-03-01' });
  });
});

describe('a subscription lifecycle', () => {
  const C = 'cus_life';
  const S = 'sub_life';
  const fields = {
    start: '2024-01-05T02:00:00Z',
    trialStart: '2024-01-05T02:00:00Z',
    trialEnd: '2024-01-19T02:00:00Z',
  };
  const basic = [{ price: 'basic', unit: 4999, quantity: 2 }];
  const pro = [{ price: 'pro', unit: 7999, quantity: 3 }];

  it('trial → active → upgrade with more seats → discount → payment failed → paid → canceled', async () => {
    ok(
      await send(
        event(
          'customer.created',
          customer(C, { name: 'Lifecycle Ltd', email: 'finance@lifecycle.example' }),
          '2024-01-03T02:00:00Z',
        ),
      ),
    );
    ok(
      await send(
        event('customer.subscription.created', subscription(S, C, 'trialing', basic, fields), '2024-01-05T02:00:00Z'),
      ),
    );
    // The trial converts; Stripe's first invoice is paid the same moment.
    ok(
      await send(
        event('customer.subscription.updated', subscription(S, C, 'active', basic, fields), '2024-01-19T02:00:00Z'),
      ),
    );
    ok(
      await send(
        event(
          'invoice.paid',
          invoice('in_1', C, S, 9998, {
            paid: true,
            period: ['2024-01-19T02:00:00Z', '2024-02-19T02:00:00Z'],
            paidAt: '2024-01-19T02:00:00Z',
          }),
          '2024-01-19T02:00:00Z',
        ),
      ),
    );
    // Mid-February: the Pro plan, three seats.
    ok(
      await send(
        event('customer.subscription.updated', subscription(S, C, 'active', pro, fields), '2024-02-10T02:00:00Z'),
      ),
    );
    // March: a 15 % coupon (known from its own event) is applied; the subscription lists only the discount id,
    // and the discount's own event arrives just after it.
    ok(
      await send(
        event(
          'coupon.created',
          { id: 'co_15', object: 'coupon', percent_off: 15, duration: 'forever' },
          '2024-03-01T00:00:00Z',
        ),
      ),
    );
    ok(
      await send(
        event(
          'customer.subscription.updated',
          subscription(S, C, 'active', pro, { ...fields, discounts: ['di_15'] }),
          '2024-03-05T02:00:00Z',
        ),
      ),
    );
    ok(
      await send(
        event(
          'customer.discount.created',
          {
            id: 'di_15',
            object: 'discount',
            customer: C,
            subscription: S,
            source: { type: 'coupon', coupon: 'co_15' },
            start: unix('2024-03-05T02:00:00Z'),
            end: null,
          },
          '2024-03-05T02:00:00Z',
        ),
      ),
    );
    // April: the renewal fails, then is paid on the retry.
    const april = { period: ['2024-04-05T02:00:00Z', '2024-05-05T02:00:00Z'] as [string, string] };
    ok(
      await send(
        event(
          'invoice.payment_failed',
          invoice('in_4', C, S, 20397, { paid: false, ...april }),
          '2024-04-05T02:00:00Z',
        ),
      ),
    );
    ok(
      await send(
        event(
          'invoice.paid',
          invoice('in_4', C, S, 20397, { paid: true, ...april, paidAt: '2024-04-08T02:00:00Z' }),
          '2024-04-08T02:00:00Z',
        ),
      ),
    );
    // Canceled on 19 May at 17:00 UTC — already 20 May in Shanghai.
    const ended = subscription(S, C, 'canceled', pro, {
      ...fields,
      discounts: ['di_15'],
      endedAt: '2024-05-19T17:00:00Z',
    });
    ok(await send(event('customer.subscription.deleted', ended, '2024-05-19T17:00:00Z')));

    const accountId = (await accountOf(C))!;
    expect((await versions(S)).map((v) => ({ ...v, account_id: v.account_id === accountId }))).toEqual([
      {
        account_id: true,
        plan: 'basic',
        quantity: 2,
        amount_minor: 9998,
        currency: 'USD',
        interval: 'month',
        starts_on: '2024-01-05',
        ends_on: '2024-01-19',
        status: 'trialing',
      },
      {
        account_id: true,
        plan: 'basic',
        quantity: 2,
        amount_minor: 9998,
        currency: 'USD',
        interval: 'month',
        starts_on: '2024-01-19',
        ends_on: '2024-02-10',
        status: 'active',
      },
      {
        account_id: true,
        plan: 'pro',
        quantity: 3,
        amount_minor: 23997,
        currency: 'USD',
        interval: 'month',
        starts_on: '2024-02-10',
        ends_on: '2024-03-05',
        status: 'active',
      },
      // 23,997 − 15 % (3,599.55 → 3,600) = 20,397.
      {
        account_id: true,
        plan: 'pro',
        quantity: 3,
        amount_minor: 20397,
        currency: 'USD',
        interval: 'month',
        starts_on: '2024-03-05',
        ends_on: '2024-04-05',
        status: 'active',
      },
      {
        account_id: true,
        plan: 'pro',
        quantity: 3,
        amount_minor: 20397,
        currency: 'USD',
        interval: 'month',
        starts_on: '2024-04-05',
        ends_on: '2024-04-08',
        status: 'past_due',
      },
      {
        account_id: true,
        plan: 'pro',
        quantity: 3,
        amount_minor: 20397,
        currency: 'USD',
        interval: 'month',
        starts_on: '2024-04-08',
        ends_on: '2024-05-20',
        status: 'active',
      },
    ]);

    const invoices = await t.database.db
      .selectFrom('stripe_invoices')
      .selectAll()
      .where('customer_id', '=', C)
      .orderBy('event_created')
      .execute();
    expect(
      invoices.map((i) => ({
        id: i.id,
        status: i.status,
        paid: i.amount_paid,
        currency: i.currency,
        account: i.account_id === accountId,
        paidAt: i.paid_at && new Date(i.paid_at).toISOString(),
      })),
    ).toEqual([
      { id: 'in_1', status: 'paid', paid: 9998, currency: 'USD', account: true, paidAt: '2024-01-19T02:00:00.000Z' },
      { id: 'in_4', status: 'paid', paid: 20397, currency: 'USD', account: true, paidAt: '2024-04-08T02:00:00.000Z' },
    ]);
  });

  it('shows in the revenue report (metrics.mrr) to the cent: new, expansion, contraction, churn', async () => {
    // The account gets an owner so the report can be narrowed to it.
    await t.services.accounts.update(cliActor, (await accountOf(C))!, { ownerId: t.users.csm.id });
    const { currency, months } = await t.services.metrics.mrr('2024-01', '2024-05', { csmId: t.users.csm.id });
    expect(currency).toBe('USD');
    expect(
      months.map((m) => [
        m.month,
        m.startingMrr,
        m.newMrr,
        m.expansionMrr,
        m.contractionMrr,
        m.churnedMrr,
        m.endingMrr,
      ]),
    ).toEqual([
      ['2024-01', 0, 9998, 0, 0, 0, 9998],
      ['2024-02', 9998, 0, 13999, 0, 0, 23997],
      ['2024-03', 23997, 0, 0, 3600, 0, 20397],
      // Past due still counts: April's failed payment moves nothing.
      ['2024-04', 20397, 0, 0, 0, 0, 20397],
      ['2024-05', 20397, 0, 0, 0, 20397, 0],
    ]);
    expect(months.map((m) => [m.customers.new, m.customers.churned])).toEqual([
      [1, 0],
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 1],
    ]);
  });
});

describe('invoices and payment status out of order', () => {
  it('a payment failure older than the subscription state it follows does not mark it past due', async () => {
    const sub = subscription('sub_pay', 'cus_pay', 'active', [{ price: 'basic', unit: 3000 }], {
      start: '2024-06-01T02:00:00Z',
    });
    ok(await send(event('customer.subscription.created', sub, '2024-06-01T02:00:00Z')));
    ok(await send(event('customer.subscription.updated', sub, '2024-07-02T02:00:00Z')));
    const failed = invoice('in_pay', 'cus_pay', 'sub_pay', 3000, {
      paid: false,
      period: ['2024-07-01T02:00:00Z', '2024-08-01T02:00:00Z'],
    });
    // The invoice is recorded, but the subscription's newer state (active on 2 July) stands.
    ok(await send(event('invoice.payment_failed', failed, '2024-07-01T02:00:00Z')));
    expect((await versions('sub_pay')).map((v) => v.status)).toEqual(['active']);
    expect(await count('stripe_invoices')).toBeGreaterThan(0);
  });
});
