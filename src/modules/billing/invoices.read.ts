import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

/**
 * The Stripe invoices read model: every invoice received from Stripe (account_id, subscription_id,
 * customer_id, status, event_created, …), for set-based engines in other modules (the CTA trigger
 * "payment failed") that compose it into their own statement without naming the `stripe_invoices`
 * table, which the billing module owns (src/db/ownership.ts). Only Stripe webhooks write it.
 */
export function stripeInvoiceRows(db: Kysely<DB>) {
  return db.selectFrom('stripe_invoices').selectAll();
}
