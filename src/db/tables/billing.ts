/** Kysely table types of Stripe webhooks (§2): events received and the Stripe objects they carry. Kept by hand next to the migrations they mirror. */
import type { Timestamp, Json, Defaulted, NullableInstant } from './columns.js';

export interface StripeEventsTable {
  id: string;
  type: string;
  created: Timestamp;
  received_at: Defaulted<Date>;
  outcome: 'applied' | 'stale' | 'ignored';
  payload: Json<unknown>;
}

export interface StripeCustomersTable {
  id: string;
  account_id: string | null;
  event_created: Timestamp;
  data: Json<unknown>;
  updated_at: Defaulted<Date>;
}

export interface StripeSubscriptionsTable {
  id: string;
  customer_id: string;
  account_id: string | null;
  event_created: Timestamp;
  status: string;
  data: Json<unknown>;
  payment_status: 'paid' | 'failed' | null;
  payment_event_at: NullableInstant;
  updated_at: Defaulted<Date>;
}

export interface StripeDiscountsTable {
  id: string;
  subscription_id: string | null;
  coupon_id: string | null;
  deleted: Defaulted<boolean>;
  event_created: Timestamp;
  data: Json<unknown>;
}

export interface StripeCouponsTable {
  id: string;
  deleted: Defaulted<boolean>;
  event_created: Timestamp;
  data: Json<unknown>;
}

export interface StripeInvoicesTable {
  id: string;
  account_id: string | null;
  customer_id: string;
  subscription_id: string | null;
  status: 'paid' | 'payment_failed';
  amount_due: number;
  amount_paid: number;
  currency: string;
  period_start: NullableInstant;
  period_end: NullableInstant;
  paid_at: NullableInstant;
  event_created: Timestamp;
  updated_at: Defaulted<Date>;
}
