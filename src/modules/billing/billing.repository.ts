import { type Kysely, type Transaction, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import type { RefusalRecord } from './stripe.refusals.js';
import type {
  StripeCoupon,
  StripeCustomer,
  StripeDiscount,
  StripeInvoice,
  StripeSubscription,
} from './stripe.objects.js';

type Db = Kysely<DB> | Transaction<DB>;
const json = (value: unknown) => JSON.stringify(value);
const at = (unixSeconds: number) => new Date(unixSeconds * 1000);

/** SQL of the billing module: its own stripe_* tables only. */
export const billingRepository = {
  /**
   * Claims a verified event by its id; undefined when it was recorded before (a redelivery). A
   * concurrent delivery of the same event waits here until the first one commits.
   */
  async claimEvent(trx: Transaction<DB>, event: { id: string; type: string; created: number }, payload: unknown) {
    return trx
      .insertInto('stripe_events')
      .values({
        id: event.id,
        type: event.type,
        created: at(event.created),
        outcome: 'ignored',
        payload: json(payload),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
  },

  /**
   * Records an event refused as it stands (stripe.refusals.ts). The outcomes allowed by the table
   * predate refusals, so it is stored as ignored — it changed nothing — with the refusal under
   * `tenure_refusal` in its payload, which no Stripe event has; undefined when already recorded.
   */
  async claimRefused(
    trx: Transaction<DB>,
    event: { id: string; type: string; created: number },
    payload: unknown,
    refusal: RefusalRecord,
  ) {
    const stored = { ...(payload && typeof payload === 'object' ? payload : {}), tenure_refusal: refusal };
    return trx
      .insertInto('stripe_events')
      .values({ id: event.id, type: event.type, created: at(event.created), outcome: 'ignored', payload: json(stored) })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
  },

  /** The latest refused events, newest first. */
  refusals: (db: Kysely<DB>, limit: number) =>
    db
      .selectFrom('stripe_events')
      .select(['id', 'type', 'created', 'received_at', sql<RefusalRecord>`payload->'tenure_refusal'`.as('refusal')])
      .where(sql<boolean>`payload ? 'tenure_refusal'`)
      .orderBy('received_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute(),

  async setOutcome(trx: Transaction<DB>, id: string, outcome: 'applied' | 'stale' | 'ignored') {
    await trx.updateTable('stripe_events').set({ outcome }).where('id', '=', id).execute();
  },

  /**
   * Serialises work on one Stripe object across concurrent deliveries (PostgreSQL); on PGlite the
   * single connection already does. Held until the transaction ends.
   */
  async lock(trx: Transaction<DB>, key: string) {
    await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
  },

  customer: (trx: Db, id: string) =>
    trx.selectFrom('stripe_customers').selectAll().where('id', '=', id).executeTakeFirst(),

  async saveCustomer(trx: Transaction<DB>, customer: StripeCustomer, accountId: string, eventCreated: number) {
    const row = {
      account_id: accountId,
      event_created: at(eventCreated),
      data: json(customer),
      updated_at: new Date(),
    };
    await trx
      .insertInto('stripe_customers')
      .values({ id: customer.id, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  },

  /** A customer known only by id (its subscription or invoice came first): linked, no state yet. */
  async linkCustomer(trx: Transaction<DB>, customerId: string, accountId: string) {
    await trx
      .insertInto('stripe_customers')
      .values({
        id: customerId,
        account_id: accountId,
        event_created: at(0),
        data: json({ id: customerId, object: 'customer' }),
      })
      .onConflict((oc) => oc.column('id').doUpdateSet({ account_id: accountId, updated_at: new Date() }))
      .execute();
  },

  subscription: (trx: Db, id: string) =>
    trx.selectFrom('stripe_subscriptions').selectAll().where('id', '=', id).executeTakeFirst(),

  async saveSubscription(
    trx: Transaction<DB>,
    sub: StripeSubscription,
    customerId: string,
    accountId: string,
    eventCreated: number,
  ) {
    const row = {
      customer_id: customerId,
      account_id: accountId,
      event_created: at(eventCreated),
      status: sub.status,
      data: json(sub),
      updated_at: new Date(),
    };
    await trx
      .insertInto('stripe_subscriptions')
      .values({ id: sub.id, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  },

  async setPayment(trx: Transaction<DB>, subscriptionId: string, status: 'paid' | 'failed', eventCreated: number) {
    await trx
      .updateTable('stripe_subscriptions')
      .set({ payment_status: status, payment_event_at: at(eventCreated), updated_at: new Date() })
      .where('id', '=', subscriptionId)
      .execute();
  },

  async saveDiscount(
    trx: Transaction<DB>,
    discount: StripeDiscount & { id: string },
    couponId: string | null,
    deleted: boolean,
    eventCreated: number,
  ) {
    const row = {
      subscription_id: discount.subscription ?? null,
      coupon_id: couponId,
      deleted,
      event_created: at(eventCreated),
      data: json(discount),
    };
    await trx
      .insertInto('stripe_discounts')
      .values({ id: discount.id, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  },

  discount: (trx: Db, id: string) =>
    trx.selectFrom('stripe_discounts').selectAll().where('id', '=', id).executeTakeFirst(),

  async saveCoupon(trx: Transaction<DB>, coupon: StripeCoupon, deleted: boolean, eventCreated: number) {
    const row = { deleted, event_created: at(eventCreated), data: json(coupon) };
    await trx
      .insertInto('stripe_coupons')
      .values({ id: coupon.id, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  },

  coupon: (trx: Db, id: string) => trx.selectFrom('stripe_coupons').selectAll().where('id', '=', id).executeTakeFirst(),

  /** Discounts (live) and coupons by id, for netting a subscription's discounts. */
  async discountsAndCoupons(trx: Db, discountIds: string[], couponIds: string[]) {
    const discounts = discountIds.length
      ? await trx
          .selectFrom('stripe_discounts')
          .select(['id', 'data'])
          .where('id', 'in', discountIds)
          .where('deleted', '=', false)
          .execute()
      : [];
    const wanted = [
      ...couponIds,
      ...discounts.map((d) => couponIdOf(d.data as StripeDiscount)).filter((c): c is string => !!c),
    ];
    const coupons = wanted.length
      ? await trx.selectFrom('stripe_coupons').select(['id', 'data']).where('id', 'in', wanted).execute()
      : [];
    return {
      discounts: new Map(discounts.map((d) => [d.id, d.data as StripeDiscount])),
      coupons: new Map(coupons.map((c) => [c.id, c.data as StripeCoupon])),
    };
  },

  /** Subscriptions whose stored state may net out these discounts or coupons. */
  async subscriptionsUsing(trx: Transaction<DB>, { discountId, couponId }: { discountId?: string; couponId?: string }) {
    const ids = new Set<string>();
    if (discountId) {
      const d = await trx
        .selectFrom('stripe_discounts')
        .select('subscription_id')
        .where('id', '=', discountId)
        .executeTakeFirst();
      if (d?.subscription_id) ids.add(d.subscription_id);
    }
    if (couponId) {
      const rows = await trx
        .selectFrom('stripe_discounts')
        .select('subscription_id')
        .where('coupon_id', '=', couponId)
        .where('subscription_id', 'is not', null)
        .execute();
      for (const r of rows) ids.add(r.subscription_id!);
    }
    return [...ids];
  },

  invoice: (trx: Db, id: string) =>
    trx.selectFrom('stripe_invoices').select(['id', 'event_created']).where('id', '=', id).executeTakeFirst(),

  async saveInvoice(
    trx: Transaction<DB>,
    invoice: StripeInvoice,
    fields: {
      accountId: string;
      customerId: string;
      subscriptionId: string | null;
      status: 'paid' | 'payment_failed';
      periodStart: number | null;
      periodEnd: number | null;
      paidAt: number | null;
    },
    eventCreated: number,
  ) {
    const row = {
      account_id: fields.accountId,
      customer_id: fields.customerId,
      subscription_id: fields.subscriptionId,
      status: fields.status,
      amount_due: invoice.amount_due,
      amount_paid: invoice.amount_paid,
      currency: invoice.currency.toUpperCase(),
      period_start: fields.periodStart === null ? null : at(fields.periodStart),
      period_end: fields.periodEnd === null ? null : at(fields.periodEnd),
      paid_at: fields.paidAt === null ? null : at(fields.paidAt),
      event_created: at(eventCreated),
      updated_at: new Date(),
    };
    await trx
      .insertInto('stripe_invoices')
      .values({ id: invoice.id, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  },

  async status(db: Kysely<DB>) {
    const [events, last, counts] = await Promise.all([
      db
        .selectFrom('stripe_events')
        .select([
          sql<string>`case when payload ? 'tenure_refusal' then 'refused' else outcome end`.as('outcome'),
          (eb) => eb.fn.countAll<number>().as('n'),
        ])
        .groupBy(sql`1`)
        .execute(),
      db
        .selectFrom('stripe_events')
        .select(['id', 'type', 'created', 'received_at'])
        .orderBy('received_at', 'desc')
        .orderBy('created', 'desc')
        .limit(1)
        .executeTakeFirst(),
      sql<{ customers: number; subscriptions: number; invoices: number }>`
        select (select count(*) from stripe_customers where account_id is not null)::int as customers,
               (select count(*) from stripe_subscriptions)::int as subscriptions,
               (select count(*) from stripe_invoices)::int as invoices`.execute(db),
    ]);
    return {
      events: Object.fromEntries(events.map((e) => [e.outcome, Number(e.n)])) as Record<string, number>,
      last,
      counts: counts.rows[0],
    };
  },
};

export function couponIdOf(discount: StripeDiscount): string | null {
  const ref = discount.coupon ?? discount.source?.coupon ?? null;
  return ref == null ? null : typeof ref === 'string' ? ref : ref.id;
}
