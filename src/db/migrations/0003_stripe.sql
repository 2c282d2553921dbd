-- Stripe billing webhooks (docs/billing.md).

-- Every event that passed the signature check, once: a redelivery finds its id here and does nothing.
create table stripe_events (
  id text primary key,
  type text not null,
  created timestamptz not null,
  received_at timestamptz not null default now(),
  -- applied: changed Tenure's state; stale: older than the state already applied; ignored: a type we don't act on
  outcome text not null check (outcome in ('applied','stale','ignored')),
  payload jsonb not null
);
create index stripe_events_received_idx on stripe_events (received_at desc);

-- The latest state applied per Stripe object, with the event time it came from: an older event
-- for the same object never overwrites a newer state.
create table stripe_customers (
  id text primary key,
  account_id uuid references accounts(id) on delete set null,
  event_created timestamptz not null,
  data jsonb not null,
  updated_at timestamptz not null default now()
);
create index stripe_customers_account_idx on stripe_customers (account_id);

create table stripe_subscriptions (
  id text primary key,
  customer_id text not null,
  account_id uuid references accounts(id) on delete set null,
  event_created timestamptz not null,
  status text not null,
  data jsonb not null,
  -- The last invoice outcome (paid / failed) and its event time: it overrides the status of an
  -- older subscription state (payment failed → past_due, paid → active).
  payment_status text check (payment_status in ('paid','failed')),
  payment_event_at timestamptz,
  updated_at timestamptz not null default now()
);
create index stripe_subscriptions_customer_idx on stripe_subscriptions (customer_id);

-- Discounts and coupons, so subscriptions that carry only discount ids can be netted.
create table stripe_discounts (
  id text primary key,
  subscription_id text,
  coupon_id text,
  deleted boolean not null default false,
  event_created timestamptz not null,
  data jsonb not null
);
create index stripe_discounts_subscription_idx on stripe_discounts (subscription_id);
create index stripe_discounts_coupon_idx on stripe_discounts (coupon_id);

create table stripe_coupons (
  id text primary key,
  deleted boolean not null default false,
  event_created timestamptz not null,
  data jsonb not null
);

-- Invoices as billed and paid: billings next to the revenue the versions describe.
create table stripe_invoices (
  id text primary key,
  account_id uuid references accounts(id) on delete set null,
  customer_id text not null,
  subscription_id text,
  status text not null check (status in ('paid','payment_failed')),
  amount_due bigint not null check (amount_due >= 0),
  amount_paid bigint not null check (amount_paid >= 0),
  currency char(3) not null,
  period_start timestamptz,
  period_end timestamptz,
  paid_at timestamptz,
  event_created timestamptz not null,
  updated_at timestamptz not null default now()
);
create index stripe_invoices_account_idx on stripe_invoices (account_id, paid_at);
