import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { startSmtpServer } from '../../../test/support/smtp.js';
import { cliActor } from '../audit/actor.js';
import { customer, type Delivery, event, invoice, SECRET, sender, subscription } from './stripe.fixtures.js';

/**
 * A Stripe customer's email becomes a contact of its account, so the welcome that its first
 * payment starts has someone to go to — also when the customer event comes after the payment.
 * Today is 2026-06-15 12:00 in Shanghai (the test app's clock).
 */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let t: TestApp;
let send: (evt: unknown) => Promise<Delivery>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({
    STRIPE_WEBHOOK_SECRET: SECRET,
    TENURE_TIMEZONE: 'Asia/Shanghai',
    TENURE_CURRENCY: 'USD',
    SMTP_URL: smtp.url,
    TENURE_LOCALE: 'en',
  });
  send = sender(await t.app.listen({ port: 0, host: '127.0.0.1' }));
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});
beforeEach(() => smtp.reset());

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
const seat = [{ price: 'seat', unit: 4900, quantity: 2 }];
const paid = (id: string, cus: string, sub: string) =>
  event(
    'invoice.paid',
    invoice(id, cus, sub, 9800, {
      paid: true,
      period: ['2026-06-14T02:00:00Z', '2026-07-14T02:00:00Z'],
      paidAt: '2026-06-14T02:00:05Z',
    }),
    '2026-06-14T02:00:05Z',
  );

describe('Stripe customers get a contact', () => {
  it('customer.created + subscription + invoice.paid: one welcome mail, to the Stripe email', async () => {
    ok(
      await send(
        event(
          'customer.created',
          customer('cus_new', { name: 'Zhang Wei', email: 'zhang.wei@newco.example' }),
          '2026-06-14T01:59:00Z',
        ),
      ),
    );
    const accountId = await accountOf('cus_new');
    expect(await t.services.contacts.list(accountId)).toMatchObject([
      { name: 'Zhang Wei', email: 'zhang.wei@newco.example', externalId: 'cus_new' },
    ]);
    ok(
      await send(
        event(
          'customer.subscription.created',
          subscription('sub_new', 'cus_new', 'active', seat, { start: '2026-06-14T02:00:00Z' }),
          '2026-06-14T02:00:00Z',
        ),
      ),
    );
    ok(await send(paid('in_new', 'cus_new', 'sub_new')));
    // The next scans (and a redelivered customer.updated) send nothing more.
    await t.services.jobs.send('welcome-scan', {});
    ok(
      await send(
        event(
          'customer.updated',
          customer('cus_new', { name: 'Zhang Wei', email: 'zhang.wei@newco.example' }),
          '2026-06-14T03:00:00Z',
        ),
      ),
    );
    await t.services.jobs.send('welcome-scan', {});
    expect(smtp.mails.map((m) => m.to)).toEqual([['zhang.wei@newco.example']]);
    expect(await t.services.welcome.sends(accountId)).toMatchObject([
      { status: 'sent', email: 'zhang.wei@newco.example' },
    ]);
    // One contact still, and a changed email in Stripe follows.
    ok(
      await send(
        event(
          'customer.updated',
          customer('cus_new', { name: 'Zhang Wei', email: 'wei@newco.example' }),
          '2026-06-14T04:00:00Z',
        ),
      ),
    );
    expect((await t.services.contacts.list(accountId)).map((c) => c.email)).toEqual(['wei@newco.example']);
  });

  it('a welcome skipped for want of an email is sent once the customer event brings one', async () => {
    // The payment arrives first: an account known only by the customer id, nobody to write to.
    ok(
      await send(
        event(
          'customer.subscription.created',
          subscription('sub_late', 'cus_late', 'active', seat, { start: '2026-06-14T02:00:00Z' }),
          '2026-06-14T02:00:00Z',
        ),
      ),
    );
    ok(await send(paid('in_late', 'cus_late', 'sub_late')));
    const accountId = await accountOf('cus_late');
    await t.services.jobs.send('welcome-scan', {});
    expect(await t.services.welcome.sends(accountId)).toMatchObject([{ status: 'skipped', error: 'no_contact_email' }]);
    expect(smtp.mails).toHaveLength(0);

    ok(
      await send(
        event(
          'customer.created',
          customer('cus_late', { name: 'Late Person', email: 'late@lateco.example' }),
          '2026-06-14T05:00:00Z',
        ),
      ),
    );
    await t.services.jobs.send('welcome-scan', {});
    await t.services.jobs.send('welcome-scan', {});
    expect(smtp.mails.map((m) => m.to)).toEqual([['late@lateco.example']]);
    expect(await t.services.welcome.sends(accountId)).toMatchObject([
      { status: 'sent', email: 'late@lateco.example', attempts: 2 },
    ]);
  });

  it('not once the first payment is more than 30 days old', async () => {
    const old = await t.services.accounts.create(cliActor, { name: 'Old Co', firstPaidOn: '2026-05-01' });
    await t.database.db
      .insertInto('customer_sends')
      .values({
        account_id: old.id,
        kind: 'welcome',
        status: 'skipped',
        error: 'no_contact_email',
        claimed_at: new Date('2026-05-01T04:00:00Z'),
      })
      .execute();
    await t.services.contacts.create(cliActor, old.id, { name: 'Found Later', email: 'found@oldco.example' });
    expect(await t.services.welcome.due([old.id])).toEqual([]);
    await t.services.jobs.send('welcome-scan', {});
    expect(smtp.mails).toHaveLength(0);
  });
});
