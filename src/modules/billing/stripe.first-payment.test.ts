import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';
import { customer, type Delivery, event, invoice, SECRET, sender, subscription } from './stripe.fixtures.js';

/**
 * A Stripe payment starts the customer's life in Tenure: it sets the first payment date, so the
 * lifecycle puts the account into onboarding, milestones are assigned and the welcome is queued.
 * Today is 2026-06-15 12:00 in Shanghai (the test app's clock); events are from the last days.
 */
let t: TestApp;
let send: (evt: unknown) => Promise<Delivery>;

beforeAll(async () => {
  t = await createTestApp({ STRIPE_WEBHOOK_SECRET: SECRET, TENURE_TIMEZONE: 'Asia/Shanghai', TENURE_CURRENCY: 'USD' });
  send = sender(await t.app.listen({ port: 0, host: '127.0.0.1' }));
});
afterAll(() => t?.close());

const ok = (d: Delivery) =>
  expect(d, JSON.stringify(d.body)).toMatchObject({ status: 200, body: { received: true, outcome: 'applied' } });
const accountOf = async (customerId: string) =>
  (
    await t.database.db
      .selectFrom('stripe_customers')
      .select('account_id')
      .where('id', '=', customerId)
      .executeTakeFirstOrThrow()
  ).account_id!;
const firstPaidOn = async (accountId: string) =>
  (
    await t.database.db
      .selectFrom('accounts')
      .select('first_paid_on')
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow()
  ).first_paid_on;
const seat = [{ price: 'seat', unit: 4900, quantity: 3 }];

describe('a Stripe payment starts the lifecycle', () => {
  it('an active subscription and its paid invoice set the first payment date; the account enters onboarding with milestones and its welcome', async () => {
    // An account sales entered, with its primary contact; the Stripe customer names it in its metadata.
    const account = await t.services.accounts.create(cliActor, { name: 'First Pay Ltd', ownerId: t.users.csm.id });
    await t.services.contacts.create(cliActor, account.id, {
      name: 'Chen Jing',
      email: 'chen.jing@firstpay.example',
      isPrimary: true,
    });
    expect(await firstPaidOn(account.id)).toBeNull();
    // 14 June 02:00 UTC is 14 June 10:00 in Shanghai.
    ok(
      await send(
        event(
          'customer.created',
          customer('cus_fp', {
            name: 'First Pay Ltd',
            email: 'ap@firstpay.example',
            metadata: { tenure_account_id: account.id },
          }),
          '2026-06-14T01:59:00Z',
        ),
      ),
    );
    ok(
      await send(
        event(
          'customer.subscription.created',
          subscription('sub_fp', 'cus_fp', 'active', seat, { start: '2026-06-14T02:00:00Z' }),
          '2026-06-14T02:00:00Z',
        ),
      ),
    );
    ok(
      await send(
        event(
          'invoice.paid',
          invoice('in_fp', 'cus_fp', 'sub_fp', 14700, {
            paid: true,
            period: ['2026-06-14T02:00:00Z', '2026-07-14T02:00:00Z'],
            paidAt: '2026-06-14T02:00:05Z',
          }),
          '2026-06-14T02:00:05Z',
        ),
      ),
    );
    const accountId = await accountOf('cus_fp');
    expect(accountId).toBe(account.id);
    expect(await firstPaidOn(accountId)).toBe('2026-06-14');

    await t.services.lifecycle.run(cliActor);
    await t.services.milestones.sync();
    expect((await t.services.accounts.get(accountId)).lifecycleStage).toBe('onboarding');
    const milestones = await t.services.milestones.forAccount(accountId);
    expect(milestones.length).toBeGreaterThan(0);
    // Due their offset after the first payment.
    expect(milestones.every((m) => m.dueOn > '2026-06-14')).toBe(true);
    // The data-arrival signal queued the welcome at once (no SMTP here: recorded as skipped).
    expect(await t.services.welcome.sends(accountId)).toMatchObject([
      { kind: 'welcome', status: 'skipped', error: 'smtp_not_configured', email: 'chen.jing@firstpay.example' },
    ]);
  });

  it('an incomplete subscription whose first invoice is paid is in service and paid from that day', async () => {
    ok(
      await send(
        event(
          'customer.subscription.created',
          subscription('sub_inc', 'cus_inc', 'incomplete', seat, { start: '2026-06-13T01:00:00Z' }),
          '2026-06-13T01:00:00Z',
        ),
      ),
    );
    const accountId = await accountOf('cus_inc');
    expect(await firstPaidOn(accountId)).toBeNull();
    // Paid on 13 June at 20:00 UTC: 14 June in Shanghai.
    ok(
      await send(
        event(
          'invoice.paid',
          invoice('in_inc', 'cus_inc', 'sub_inc', 14700, {
            paid: true,
            period: ['2026-06-13T01:00:00Z', '2026-07-13T01:00:00Z'],
            paidAt: '2026-06-13T20:00:00Z',
          }),
          '2026-06-13T20:00:00Z',
        ),
      ),
    );
    expect(await firstPaidOn(accountId)).toBe('2026-06-14');
    expect(
      (await t.services.subscriptions.listForAccount(accountId)).map((v) => [v.startsOn, v.endsOn, v.status]),
    ).toEqual([['2026-06-14', null, 'active']]);
    await t.services.lifecycle.run(cliActor);
    expect((await t.services.accounts.get(accountId)).lifecycleStage).toBe('onboarding');
  });

  it('an invoice paid before its subscription arrives sets it from the day of the payment', async () => {
    ok(
      await send(
        event(
          'invoice.paid',
          invoice('in_early', 'cus_early', 'sub_early', 9900, {
            paid: true,
            period: ['2026-06-12T03:00:00Z', '2026-07-12T03:00:00Z'],
            paidAt: '2026-06-12T03:00:00Z',
          }),
          '2026-06-12T03:00:01Z',
        ),
      ),
    );
    const accountId = await accountOf('cus_early');
    expect(await firstPaidOn(accountId)).toBe('2026-06-12');
    ok(
      await send(
        event(
          'customer.subscription.created',
          subscription('sub_early', 'cus_early', 'active', seat, { start: '2026-06-12T02:59:00Z' }),
          '2026-06-12T02:59:00Z',
        ),
      ),
    );
    expect(await firstPaidOn(accountId)).toBe('2026-06-12');
    await t.services.lifecycle.run(cliActor);
    expect((await t.services.accounts.get(accountId)).lifecycleStage).toBe('onboarding');
  });

  it('a trial and its zero invoice are not a payment; the first paid month is', async () => {
    const fields = {
      start: '2026-05-20T02:00:00Z',
      trialStart: '2026-05-20T02:00:00Z',
      trialEnd: '2026-06-03T02:00:00Z',
    };
    ok(
      await send(
        event(
          'customer.subscription.created',
          subscription('sub_trial', 'cus_trial', 'trialing', seat, fields),
          '2026-05-20T02:00:00Z',
        ),
      ),
    );
    ok(
      await send(
        event(
          'invoice.paid',
          invoice('in_trial0', 'cus_trial', 'sub_trial', 0, {
            paid: true,
            period: ['2026-05-20T02:00:00Z', '2026-06-03T02:00:00Z'],
            paidAt: '2026-05-20T02:00:00Z',
          }),
          '2026-05-20T02:00:01Z',
        ),
      ),
    );
    const accountId = await accountOf('cus_trial');
    expect(await firstPaidOn(accountId)).toBeNull();
    await t.services.lifecycle.run(cliActor);
    expect((await t.services.accounts.get(accountId)).lifecycleStage).toBe('prospect');

    ok(
      await send(
        event(
          'customer.subscription.updated',
          subscription('sub_trial', 'cus_trial', 'active', seat, fields),
          '2026-06-03T02:00:00Z',
        ),
      ),
    );
    expect(await firstPaidOn(accountId)).toBe('2026-06-03');
    await t.services.lifecycle.run(cliActor);
    expect((await t.services.accounts.get(accountId)).lifecycleStage).toBe('onboarding');
  });

  it('a later payment never moves the first payment date', async () => {
    const accountId = await accountOf('cus_fp');
    ok(
      await send(
        event(
          'invoice.paid',
          invoice('in_fp2', 'cus_fp', 'sub_fp', 14700, {
            paid: true,
            period: ['2026-07-14T02:00:00Z', '2026-08-14T02:00:00Z'],
            paidAt: '2026-06-15T03:00:00Z',
          }),
          '2026-06-15T03:00:00Z',
        ),
      ),
    );
    expect(await firstPaidOn(accountId)).toBe('2026-06-14');
  });
});
