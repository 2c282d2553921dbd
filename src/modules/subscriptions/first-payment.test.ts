import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { writeCsv } from '../../../test/support/csv.js';
import { cliActor } from '../audit/actor.js';

/**
 * Every way a paying subscription arrives sets the account's first payment date (the day its
 * first paying version starts): an import by file, a subscription entered through the API (and
 * Stripe, in billing/stripe.first-payment.test.ts). Today is 2026-06-15 in Shanghai.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const accountByExternalId = async (externalId: string) =>
  t.database.db
    .selectFrom('accounts')
    .select(['id', 'first_paid_on', 'lifecycle_stage'])
    .where('external_id', '=', externalId)
    .executeTakeFirstOrThrow();

const header = [
  'account_external_id',
  'subscription_external_id',
  'plan',
  'amount',
  'currency',
  'interval',
  'starts_on',
  'ends_on',
  'status',
];

describe('first payment date from subscriptions', () => {
  it('an imported subscription sets it: the first paying version, not a trial; an earlier date entered by hand stands', async () => {
    await t.services.accounts.create(cliActor, { name: 'Hand Dated', externalId: 'hand', firstPaidOn: '2026-05-01' });
    const file = writeCsv(
      [
        {
          account_external_id: 'imp',
          subscription_external_id: 'imp-1',
          plan: 'Trial',
          amount: '0',
          currency: 'CNY',
          interval: 'month',
          starts_on: '2026-05-20',
          ends_on: '2026-06-03',
          status: 'trialing',
        },
        {
          account_external_id: 'imp',
          subscription_external_id: 'imp-1',
          plan: 'Pro',
          amount: '1200',
          currency: 'CNY',
          interval: 'month',
          starts_on: '2026-06-03',
          status: 'active',
        },
        {
          account_external_id: 'hand',
          subscription_external_id: 'hand-1',
          plan: 'Pro',
          amount: '1200',
          currency: 'CNY',
          interval: 'year',
          starts_on: '2026-05-10',
        },
        {
          account_external_id: 'trial-only',
          subscription_external_id: 'tr-1',
          plan: 'Trial',
          amount: '0',
          currency: 'CNY',
          interval: 'month',
          starts_on: '2026-06-10',
          status: 'trialing',
        },
      ],
      header,
    );
    const report = await t.services.imports.importFile(cliActor, 'subscriptions', file, { locale: 'en' });
    expect(report).toMatchObject({ rows: 4, imported: 4, refused: [] });

    expect(await accountByExternalId('imp')).toMatchObject({
      first_paid_on: '2026-06-03',
      lifecycle_stage: 'onboarding',
    });
    expect(await accountByExternalId('hand')).toMatchObject({ first_paid_on: '2026-05-01' });
    expect(await accountByExternalId('trial-only')).toMatchObject({ first_paid_on: null, lifecycle_stage: 'prospect' });
    const imp = await accountByExternalId('imp');
    expect((await t.services.milestones.forAccount(imp.id)).length).toBeGreaterThan(0);
    // The change is audited like any other change of the account.
    const audit = await t.services.audit.list({ entity: 'account', entityId: imp.id, page: 1, pageSize: 20 });
    expect(audit.items).toContainEqual(
      expect.objectContaining({
        action: 'update',
        before: { firstPaidOn: null },
        after: { firstPaidOn: '2026-06-03' },
      }),
    );

    // An earlier history imported later moves the first payment back to it.
    const history = writeCsv(
      [
        {
          account_external_id: 'imp',
          subscription_external_id: 'imp-0',
          plan: 'Old',
          amount: '800',
          currency: 'CNY',
          interval: 'month',
          starts_on: '2025-01-01',
          ends_on: '2025-06-01',
        },
      ],
      header,
    );
    await t.services.imports.importFile(cliActor, 'subscriptions', history, { locale: 'en' });
    expect(await accountByExternalId('imp')).toMatchObject({ first_paid_on: '2025-01-01' });
  });

  it('a subscription entered through the API sets it, and the welcome goes out at once', async () => {
    const account = await t.services.accounts.create(cliActor, {
      name: 'Api Co',
      externalId: 'api-co',
      ownerId: t.users.csm.id,
    });
    await t.services.contacts.create(cliActor, account.id, {
      name: 'Zhao Min',
      email: 'zhao.min@api-co.example',
      isPrimary: true,
    });
    const csm = await t.as('csm');
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/accounts/${account.id}/subscriptions`,
      headers: csm.headers,
      payload: {
        subscriptionExternalId: 'api-1',
        plan: 'Pro',
        amountMinor: 990_00,
        currency: 'CNY',
        interval: 'year',
        startsOn: '2026-06-15',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      subscriptionExternalId: 'api-1',
      plan: 'Pro',
      amountMinor: 99000,
      interval: 'year',
      startsOn: '2026-06-15',
      endsOn: null,
      status: 'active',
    });
    expect(await accountByExternalId('api-co')).toMatchObject({
      first_paid_on: '2026-06-15',
      lifecycle_stage: 'onboarding',
    });
    expect((await t.services.subscriptions.listForAccount(account.id)).map((v) => v.subscriptionExternalId)).toEqual([
      'api-1',
    ]);
    // The data-arrival signal ran the welcome (no SMTP in this app: recorded as skipped).
    expect(await t.services.welcome.sends(account.id)).toMatchObject([
      { kind: 'welcome', status: 'skipped', email: 'zhao.min@api-co.example' },
    ]);

    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/accounts/${account.id}/subscriptions`,
      headers: { ...csm.headers, 'accept-language': 'en' },
      payload: { amountMinor: -1, currency: 'CNY', interval: 'year', startsOn: '2026-06-15' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/amountMinor/);
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/accounts/00000000-0000-4000-8000-000000000000/subscriptions',
      headers: csm.headers,
      payload: { amountMinor: 1, currency: 'CNY', interval: 'year', startsOn: '2026-06-15' },
    });
    expect(missing.statusCode).toBe(404);
    const viewer = await t.app.inject({
      method: 'POST',
      url: `/api/accounts/${account.id}/subscriptions`,
      headers: (await t.as('viewer')).headers,
      payload: { amountMinor: 1, currency: 'CNY', interval: 'year', startsOn: '2026-06-15' },
    });
    expect(viewer.statusCode).toBe(403);
  });

  it('the migration fills it in for accounts that paid before every path set it', async () => {
    const db = t.database.db;
    // As the old code left them: versions written, no first payment date.
    const [paying, invoiced, free] = await Promise.all(
      ['mig-paying', 'mig-invoiced', 'mig-free'].map(
        async (externalId) =>
          (
            await db
              .insertInto('accounts')
              .values({ name: externalId, external_id: externalId })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id,
      ),
    );
    const subscription = async (accountId: string, externalId: string) =>
      (
        await db
          .insertInto('subscriptions')
          .values({ account_id: accountId, external_id: externalId })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const version = (
      subscriptionId: string,
      accountId: string,
      startsOn: string,
      status: 'active' | 'trialing',
      amountMinor: number,
    ) =>
      db
        .insertInto('subscription_versions')
        .values({
          subscription_id: subscriptionId,
          account_id: accountId,
          amount_minor: amountMinor,
          currency: 'CNY',
          interval: 'month',
          starts_on: startsOn,
          status,
        })
        .execute();
    const s1 = await subscription(paying, 'mig-1');
    await version(s1, paying, '2026-03-01', 'trialing', 0);
    await version(s1, paying, '2026-03-15', 'active', 50_000);
    await version(await subscription(free, 'mig-3'), free, '2026-03-01', 'active', 0);
    await db
      .insertInto('stripe_invoices')
      .values({
        id: 'in_mig',
        account_id: invoiced,
        customer_id: 'cus_mig',
        subscription_id: 'sub_mig',
        status: 'paid',
        amount_due: 900,
        amount_paid: 900,
        currency: 'USD',
        paid_at: new Date('2026-04-02T10:00:00Z'),
        event_created: new Date('2026-04-02T10:00:00Z'),
      })
      .execute();

    await sql
      .raw(fs.readFileSync(new URL('../../db/migrations/0016_first_payment.sql', import.meta.url), 'utf8'))
      .execute(db);
    const dates = await db
      .selectFrom('accounts')
      .select(['external_id', 'first_paid_on'])
      .where('external_id', 'like', 'mig-%')
      .orderBy('external_id')
      .execute();
    expect(dates).toEqual([
      { external_id: 'mig-free', first_paid_on: null },
      { external_id: 'mig-invoiced', first_paid_on: '2026-04-02' },
      { external_id: 'mig-paying', first_paid_on: '2026-03-15' },
    ]);
    const audit = await t.services.audit.list({ entity: 'account', entityId: paying, page: 1, pageSize: 5 });
    expect(audit.items[0]).toMatchObject({
      actor_name: 'migration 0016',
      before: { firstPaidOn: null },
      after: { firstPaidOn: '2026-03-15' },
    });
  });
});
