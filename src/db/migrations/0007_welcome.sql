-- Customer-facing sends (docs/welcome.md). One row per account and kind, claimed before sending:
-- a completed send is never repeated; a claim left by a crash is taken again after its lease.
create table customer_sends (
  account_id uuid not null references accounts(id) on delete cascade,
  kind text not null,
  status text not null check (status in ('claimed','sent','skipped','failed')),
  contact_id uuid references contacts(id) on delete set null,
  email text,
  locale text,
  attempts integer not null default 1,
  error text,
  claimed_at timestamptz not null,
  sent_at timestamptz,
  primary key (account_id, kind)
);

-- In-app messages the customer's product reads with its write key (GET /v1/messages).
create table customer_messages (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  contact_id uuid references contacts(id) on delete set null,
  kind text not null,
  locale text not null,
  title text not null,
  body text not null,
  created_at timestamptz not null default now(),
  unique (account_id, kind)
);
create index customer_messages_account_idx on customer_messages (account_id, created_at desc);
