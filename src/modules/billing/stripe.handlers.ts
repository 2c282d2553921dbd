import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { $ZodIssue } from 'zod/v4/core';
import type { DB } from '../../db/types.js';
import { AppError, invalidField } from '../../http/errors.js';
import type { AccountService } from '../accounts/accounts.service.js';
import type { ContactService } from '../contacts/contacts.service.js';
import type { Actor } from '../audit/actor.js';
import type { SubscriptionService } from '../subscriptions/subscriptions.service.js';
import type { TimelineService } from '../timeline/timeline.service.js';
import { billingRepository as repo, couponIdOf } from './billing.repository.js';
import {
  type StripeCoupon,
  type StripeCustomer,
  type StripeDiscount,
  type StripeEventEnvelope,
  type StripeInvoice,
  type StripeSubscription,
  couponSchema,
  customerSchema,
  discountSchema,
  idOf,
  invoiceSchema,
  subscriptionSchema,
} from './stripe.objects.js';
import { type DiscountLookup, subscriptionTerms } from './stripe.terms.js';
import {
  type ServiceStatus,
  type StoredVersion,
  type Version,
  dayOf,
  step,
  stepsFor,
  versionChanges,
} from './stripe.versions.js';

/** Whom the audit log and the timeline name for changes that came from Stripe. */
export const stripeActor: Actor = { type: 'system', id: null, name: 'stripe', role: 'admin' };

export type Outcome = 'applied' | 'stale' | 'ignored';

/** A recurring amount beyond 10^15 minor units is no real subscription (and overflows sums over many). */
const MAX_AMOUNT_MINOR = 1e15;

export interface HandlerDeps {
  timeZone: string;
  accounts: Pick<AccountService, 'create' | 'get' | 'update' | 'findIdByExternalId' | 'exists'>;
  subscriptions: Pick<SubscriptionService, 'recordVersion' | 'versionsOf' | 'removeVersion' | 'recordPayments'>;
  timeline: Pick<TimelineService, 'record'>;
  /** A Stripe customer's email becomes a contact of its account (so its welcome has someone to go to). */
  contacts?: Pick<ContactService, 'upsertMany'>;
}

/** Addresses at these providers say nothing about the customer's company. */
const FREE_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'qq.com',
  'foxmail.com',
  '163.com',
  '126.com',
  'sina.com',
  'sohu.com',
  'aliyun.com',
  'proton.me',
  'protonmail.com',
]);
const domainOf = (email: string | null | undefined) => {
  const domain = email?.split('@')[1]?.trim().toLowerCase();
  return domain && !FREE_MAIL.has(domain) ? domain : null;
};

/** Enough of an address to write to; anything else stays in the stored customer only. */
const PLAIN_EMAIL = /^[^\s@]{1,200}@[^\s@]{1,200}\.[^\s@]{1,60}$/;

const ms = (value: Date | string) => new Date(value).getTime();
/** An older event than the state applied (same second: the later delivery wins). */
const isOlder = (eventCreated: number, stored: Date | string | null | undefined) =>
  stored != null && eventCreated * 1000 < ms(stored);

/** A signed object that is not what its event type promises is a 400 naming the field. */
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw new AppError(
    400,
    'validation',
    'errors.validation',
    {},
    result.error.issues.map((i) => ({ ...i, path: ['body', 'data', 'object', ...i.path] })) as $ZodIssue[],
  );
}

/**
 * Invoice outcomes newer than (or as new as) a subscription state override its status. A paid
 * invoice makes an incomplete subscription active, as Stripe does once its first invoice is paid.
 */
function statusAfterPayment(
  status: StripeSubscription['status'],
  payment: { status: 'paid' | 'failed' | null; at: Date | string | null },
  stateCreated: Date | string,
) {
  if (!payment.status || !payment.at || ms(payment.at) < ms(stateCreated)) return status;
  if (payment.status === 'failed' && status === 'active') return 'past_due';
  if (payment.status === 'paid' && (status === 'past_due' || status === 'unpaid' || status === 'incomplete'))
    return 'active';
  return status;
}

export function createStripeHandlers({ timeZone, accounts, subscriptions, timeline, contacts }: HandlerDeps) {
  const warnings: string[] = [];
  /** Accounts whose subscriptions or customer data this event changed (signalled after commit). */
  const touched = new Set<string>();

  /** The account a Stripe customer belongs to: its metadata, the link made before, its external id, or a new account. */
  async function linkAccount(trx: Transaction<DB>, customer: StripeCustomer, linked: string | null | undefined) {
    const wanted = customer.metadata?.tenure_account_id?.trim();
    if (wanted && (await accounts.exists(wanted, trx))) return wanted;
    if (wanted) warnings.push(`customer ${customer.id}: metadata.tenure_account_id ${wanted} is not a Tenure account`);
    if (linked && (await accounts.exists(linked, trx))) return linked;
    for (const externalId of [customer.id, customer.metadata?.external_id?.trim()]) {
      const found = externalId ? await accounts.findIdByExternalId(externalId, trx) : undefined;
      if (found) return found;
    }
    const created = await accounts.create(
      stripeActor,
      {
        name: (customer.name?.trim() || customer.email?.trim() || customer.id).slice(0, 200),
        externalId: customer.id,
        domain: domainOf(customer.email),
      },
      trx,
      typeof customer.created === 'number' ? new Date(customer.created * 1000) : undefined,
    );
    return created.id;
  }

  /** The account of a customer known only by id so far (its subscription or invoice came first). */
  async function accountForCustomerId(trx: Transaction<DB>, customerId: string) {
    const stored = await repo.customer(trx, customerId);
    if (stored?.account_id && (await accounts.exists(stored.account_id, trx))) return stored.account_id;
    const accountId = await linkAccount(trx, { id: customerId, object: 'customer' }, null);
    await repo.linkCustomer(trx, customerId, accountId);
    return accountId;
  }

  async function customerEvent(trx: Transaction<DB>, event: StripeEventEnvelope): Promise<Outcome> {
    const customer = parse(customerSchema, event.data.object);
    await repo.lock(trx, customer.id);
    const stored = await repo.customer(trx, customer.id);
    if (isOlder(event.created, stored?.event_created)) return 'stale';
    const accountId = await linkAccount(trx, customer, stored?.account_id);
    // Tenure owns the account's details; Stripe only fills what an account made from a bare id lacks.
    const account = await accounts.get(accountId, trx);
    const patch: { name?: string; domain?: string } = {};
    const name = customer.name?.trim() || customer.email?.trim();
    if (account.name === customer.id && name) patch.name = name.slice(0, 200);
    const domain = domainOf(customer.email);
    if (!account.domain && domain) patch.domain = domain;
    if (Object.keys(patch).length) await accounts.update(stripeActor, accountId, patch, trx);
    // The person Stripe bills is a contact of the account: found again by the customer id (its
    // external id), or by the email among contacts entered by hand; a changed email follows.
    const email = customer.email?.trim();
    if (contacts && email && PLAIN_EMAIL.test(email)) {
      await contacts.upsertMany(
        stripeActor,
        [{ accountId, externalId: customer.id, name: (customer.name?.trim() || email).slice(0, 200), email }],
        trx,
      );
    }
    await repo.saveCustomer(trx, customer, accountId, event.created);
    touched.add(accountId);
    return 'applied';
  }

  async function discountLookup(trx: Transaction<DB>, sub: StripeSubscription): Promise<DiscountLookup> {
    const refs = [
      ...(sub.discounts ?? []),
      ...(sub.discount ? [sub.discount] : []),
      ...sub.items.data.flatMap((i) => i.discounts ?? []),
    ];
    const discountIds = refs.filter((r): r is string => typeof r === 'string');
    const couponIds = refs.flatMap((r) =>
      typeof r === 'string' ? [] : [couponIdOf(r)].filter((c): c is string => !!c),
    );
    const { discounts, coupons } = await repo.discountsAndCoupons(trx, discountIds, couponIds);
    const missing = discountIds.filter((id) => !discounts.has(id));
    const removed = new Set(
      (await Promise.all(missing.map((id) => repo.discount(trx, id)))).filter((d) => d?.deleted).map((d) => d!.id),
    );
    return {
      // A discount we saw deleted no longer counts, even while the subscription still lists it.
      discount: (id) =>
        discounts.get(id) ?? (removed.has(id) ? { id, coupon: { id: 'removed', percent_off: 0 } } : undefined),
      coupon: (id) => coupons.get(id),
    };
  }

  const toVersion = (row: Awaited<ReturnType<SubscriptionService['versionsOf']>>[number]): StoredVersion => ({
    id: row.id,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    terms: {
      plan: row.plan,
      quantity: row.quantity,
      amountMinor: row.amount_minor,
      currency: row.currency.trim(),
      interval: row.interval,
      status: row.status as ServiceStatus,
    },
  });

  /** Steps the subscription's versions by one state and writes the difference. */
  async function applyState(
    trx: Transaction<DB>,
    input: {
      sub: StripeSubscription;
      status: StripeSubscription['status'];
      eventCreated: number;
      accountId: string;
      firstSight?: boolean;
    },
  ) {
    const { sub, eventCreated, accountId } = input;
    touched.add(accountId);
    const stored = (await subscriptions.versionsOf(sub.id, trx)).map(toVersion);
    const { unresolvedDiscounts, ...terms } = subscriptionTerms(sub, await discountLookup(trx, sub));
    // Each price is bounded (stripe.objects.ts), their sum times the quantities need not be.
    if (!Number.isSafeInteger(terms.amountMinor) || terms.amountMinor > MAX_AMOUNT_MINOR) {
      throw invalidField(['body', 'data', 'object', 'items'], 'errors.stripeAmountTooLarge');
    }
    if (unresolvedDiscounts.length)
      warnings.push(
        `subscription ${sub.id}: discounts ${unresolvedDiscounts.join(', ')} unknown — counted without them (docs/billing.md)`,
      );
    const steps = stepsFor({
      sub,
      status: input.status,
      terms,
      eventCreated,
      timeZone,
      firstSight: !!input.firstSight && stored.length === 0,
    });
    const next = steps.reduce<Version[]>(step, stored);
    const { remove, upsert } = versionChanges(stored, next);
    for (const id of remove) await subscriptions.removeVersion(stripeActor, id, trx);
    for (const v of upsert) {
      await subscriptions.recordVersion(
        stripeActor,
        accountId,
        { subscriptionExternalId: sub.id, ...v.terms, startsOn: v.startsOn, endsOn: v.endsOn },
        trx,
      );
    }
    await recordTimeline(trx, accountId, stored, next, eventCreated);
  }

  async function recordTimeline(
    trx: Transaction<DB>,
    accountId: string,
    before: Version[],
    after: Version[],
    eventCreated: number,
  ) {
    const open = (vs: Version[]) => vs.find((v) => v.endsOn === null);
    const [was, is] = [open(before), open(after)];
    const at = new Date(eventCreated * 1000);
    const note = (key: string, plan: string | null) =>
      timeline.record(trx, stripeActor, accountId, {
        type: 'system',
        occurredAt: at,
        data: { key, params: { plan: plan ?? '' } },
      });
    if (!before.length && after.length) await note('timeline.subscriptionStarted', (is ?? after.at(-1)!).terms.plan);
    else if (was && !is) await note('timeline.subscriptionEnded', was.terms.plan);
    else if (
      was &&
      is &&
      (was.terms.plan !== is.terms.plan ||
        was.terms.quantity !== is.terms.quantity ||
        was.terms.amountMinor !== is.terms.amountMinor)
    ) {
      await note('timeline.subscriptionChanged', is.terms.plan);
    }
  }

  async function subscriptionEvent(trx: Transaction<DB>, event: StripeEventEnvelope): Promise<Outcome> {
    const sub = parse(subscriptionSchema, event.data.object);
    const customerId = idOf(sub.customer)!;
    await repo.lock(trx, customerId);
    await repo.lock(trx, sub.id);
    const stored = await repo.subscription(trx, sub.id);
    if (isOlder(event.created, stored?.event_created)) return 'stale';
    // Versions already there (an earlier import of this subscription id) keep their account.
    const existing = await subscriptions.versionsOf(sub.id, trx);
    const accountId = stored?.account_id ?? existing[0]?.account_id ?? (await accountForCustomerId(trx, customerId));
    await repo.saveSubscription(trx, sub, customerId, accountId, event.created);
    const status = statusAfterPayment(
      sub.status,
      { status: stored?.payment_status ?? null, at: stored?.payment_event_at ?? null },
      new Date(event.created * 1000),
    );
    await applyState(trx, { sub, status, eventCreated: event.created, accountId, firstSight: !stored });
    return 'applied';
  }

  /** Re-nets a stored subscription after one of its discounts or coupons became known or changed. */
  async function reapply(trx: Transaction<DB>, subscriptionId: string, eventCreated: number) {
    const stored = await repo.subscription(trx, subscriptionId);
    if (!stored?.account_id) return;
    const sub = stored.data as StripeSubscription;
    const status = statusAfterPayment(
      sub.status,
      { status: stored.payment_status, at: stored.payment_event_at },
      stored.event_created,
    );
    await applyState(trx, {
      sub,
      status,
      eventCreated: Math.max(eventCreated, Math.floor(ms(stored.event_created) / 1000)),
      accountId: stored.account_id,
    });
  }

  async function invoiceEvent(
    trx: Transaction<DB>,
    event: StripeEventEnvelope,
    outcome: 'paid' | 'failed',
  ): Promise<Outcome> {
    const invoice: StripeInvoice = parse(invoiceSchema, event.data.object);
    const customerId = idOf(invoice.customer)!;
    const subscriptionId = idOf(invoice.subscription ?? invoice.parent?.subscription_details?.subscription ?? null);
    await repo.lock(trx, customerId);
    if (subscriptionId) await repo.lock(trx, subscriptionId);
    const storedSub = subscriptionId ? await repo.subscription(trx, subscriptionId) : undefined;
    const accountId = storedSub?.account_id ?? (await accountForCustomerId(trx, customerId));
    let applied = false;

    if (!isOlder(event.created, (await repo.invoice(trx, invoice.id))?.event_created)) {
      const periods = (invoice.lines?.data ?? []).map((l) => l.period).filter((p) => !!p);
      await repo.saveInvoice(
        trx,
        invoice,
        {
          accountId,
          customerId,
          subscriptionId,
          status: outcome === 'paid' ? 'paid' : 'payment_failed',
          periodStart: periods.length ? Math.min(...periods.map((p) => p!.start)) : (invoice.period_start ?? null),
          periodEnd: periods.length ? Math.max(...periods.map((p) => p!.end)) : (invoice.period_end ?? null),
          paidAt: outcome === 'paid' ? (invoice.status_transitions?.paid_at ?? event.created) : null,
        },
        event.created,
      );
      applied = true;
    }

    // Money received for a subscription is a payment: it may be the account's first (the lifecycle
    // and the welcome start from it). A zero invoice (a trial's) is not; a one-off invoice is a
    // billing outside the subscriptions Tenure follows.
    if (outcome === 'paid' && subscriptionId && invoice.amount_paid > 0) {
      const paidOn = dayOf(invoice.status_transitions?.paid_at ?? event.created, timeZone);
      await subscriptions.recordPayments(stripeActor, [{ accountId, paidOn }], trx);
      touched.add(accountId);
    }

    // The payment's effect on the subscription: past_due on failure, active again once paid —
    // unless a newer state of the subscription (or a newer payment) was applied already.
    if (
      storedSub?.account_id &&
      !isOlder(event.created, storedSub.payment_event_at) &&
      !isOlder(event.created, storedSub.event_created)
    ) {
      const sub = storedSub.data as StripeSubscription;
      const before = statusAfterPayment(
        sub.status,
        { status: storedSub.payment_status, at: storedSub.payment_event_at },
        storedSub.event_created,
      );
      const after = statusAfterPayment(
        sub.status,
        { status: outcome, at: new Date(event.created * 1000) },
        storedSub.event_created,
      );
      await repo.setPayment(trx, storedSub.id, outcome, event.created);
      if (before !== after)
        await applyState(trx, { sub, status: after, eventCreated: event.created, accountId: storedSub.account_id });
      applied = true;
    }
    return applied ? 'applied' : 'stale';
  }

  async function discountEvent(trx: Transaction<DB>, event: StripeEventEnvelope, deleted: boolean): Promise<Outcome> {
    const discount: StripeDiscount = parse(discountSchema, event.data.object);
    if (!discount.id) return 'ignored';
    await repo.lock(trx, discount.subscription ?? discount.id);
    if (isOlder(event.created, (await repo.discount(trx, discount.id))?.event_created)) return 'stale';
    await repo.saveDiscount(trx, { ...discount, id: discount.id }, couponIdOf(discount), deleted, event.created);
    const coupon = discount.coupon ?? discount.source?.coupon;
    if (coupon && typeof coupon === 'object' && !(await repo.coupon(trx, coupon.id)))
      await repo.saveCoupon(trx, coupon, false, event.created);
    if (discount.subscription) await reapply(trx, discount.subscription, event.created);
    return 'applied';
  }

  async function couponEvent(trx: Transaction<DB>, event: StripeEventEnvelope, deleted: boolean): Promise<Outcome> {
    const coupon: StripeCoupon = parse(couponSchema, event.data.object);
    await repo.lock(trx, coupon.id);
    if (isOlder(event.created, (await repo.coupon(trx, coupon.id))?.event_created)) return 'stale';
    // A deleted coupon stays on the subscriptions that have it (Stripe keeps those discounts).
    await repo.saveCoupon(trx, coupon, deleted, event.created);
    if (!deleted)
      for (const id of await repo.subscriptionsUsing(trx, { couponId: coupon.id }))
        await reapply(trx, id, event.created);
    return 'applied';
  }

  return {
    warnings,
    touched,
    async handle(trx: Transaction<DB>, event: StripeEventEnvelope): Promise<Outcome> {
      switch (event.type) {
        case 'customer.created':
        case 'customer.updated':
          return customerEvent(trx, event);
        case 'customer.subscription.created':
        case 'customer.subscription.updated':
        case 'customer.subscription.deleted':
          return subscriptionEvent(trx, event);
        case 'invoice.paid':
          return invoiceEvent(trx, event, 'paid');
        case 'invoice.payment_failed':
          return invoiceEvent(trx, event, 'failed');
        case 'customer.discount.created':
        case 'customer.discount.updated':
        case 'customer.discount.deleted':
          return discountEvent(trx, event, event.type === 'customer.discount.deleted');
        case 'coupon.created':
        case 'coupon.updated':
        case 'coupon.deleted':
          return couponEvent(trx, event, event.type === 'coupon.deleted');
        default:
          return 'ignored';
      }
    },
  };
}
