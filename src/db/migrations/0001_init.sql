-- Tenure foundation schema: the customer data hub (§1) and team (§11).
-- Times are timestamptz (UTC); calendar dates are `date`, cut in the organisation's time zone.
-- Money is bigint minor units plus an ISO currency code.

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  name text not null,
  role text not null check (role in ('admin','cs_manager','csm','onboarding','sales','support','viewer')),
  password_hash text,
  locale text check (locale in ('zh-CN','en')),
  active boolean not null default true,
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

create table sessions (
  token_hash text primary key,
  user_id uuid not null references users(id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  role text not null check (role in ('admin','cs_manager','csm','onboarding','sales','support','viewer')),
  token_hash text not null unique,
  prefix text not null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

create table accounts (
  id uuid primary key default gen_random_uuid(),
  external_id text,
  name text not null,
  domain text,
  industry text,
  employees integer check (employees >= 0),
  region text,
  parent_id uuid references accounts(id) on delete set null,
  owner_id uuid references users(id) on delete set null,
  sales_owner_id uuid references users(id) on delete set null,
  tier text check (tier in ('high_touch','low_touch','tech_touch')),
  lifecycle_stage text check (lifecycle_stage in ('prospect','handoff','onboarding','adoption','renewal','renewed','churned')),
  attributes jsonb not null default '{}'::jsonb,
  first_paid_on date,
  churned_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create unique index accounts_external_id_key on accounts (external_id) where external_id is not null and deleted_at is null;
create index accounts_name_idx on accounts (lower(name));
create index accounts_owner_idx on accounts (owner_id);
create index accounts_attributes_idx on accounts using gin (attributes);

create table contacts (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  external_id text,
  name text not null,
  email text,
  phone text,
  title text,
  role text check (role in ('decision_maker','economic_buyer','champion','end_user','blocker')),
  is_primary boolean not null default false,
  last_seen_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index contacts_account_idx on contacts (account_id);
create unique index contacts_external_id_key on contacts (account_id, external_id) where external_id is not null and deleted_at is null;

create table plans (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name text not null,
  amount_minor bigint not null default 0 check (amount_minor >= 0),
  currency char(3) not null,
  interval text not null check (interval in ('month','quarter','year')),
  created_at timestamptz not null default now()
);

create table subscriptions (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  external_id text unique,
  created_at timestamptz not null default now()
);
create index subscriptions_account_idx on subscriptions (account_id);

-- One row per period of constant terms, covering [starts_on, ends_on); ends_on null = open-ended.
create table subscription_versions (
  id uuid primary key default gen_random_uuid(),
  subscription_id uuid not null references subscriptions(id) on delete cascade,
  account_id uuid not null references accounts(id) on delete cascade,
  plan text,
  quantity integer not null default 1 check (quantity >= 0),
  amount_minor bigint not null check (amount_minor >= 0),
  currency char(3) not null,
  interval text not null check (interval in ('month','quarter','year')),
  starts_on date not null,
  ends_on date,
  status text not null default 'active' check (status in ('active','trialing','past_due','canceled')),
  created_at timestamptz not null default now(),
  check (ends_on is null or ends_on > starts_on),
  unique (subscription_id, starts_on)
);
create index subscription_versions_account_idx on subscription_versions (account_id, starts_on);

create table activities (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  contact_id uuid references contacts(id) on delete set null,
  type text not null check (type in ('note','call','meeting','visit','email','qbr','system')),
  subject text,
  body text,
  data jsonb not null default '{}'::jsonb,
  author_id uuid references users(id) on delete set null,
  occurred_at timestamptz not null default now(),
  created_at timestamptz not null default now()
);
create index activities_account_idx on activities (account_id, occurred_at desc);

create table segments (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  description text,
  rules jsonb not null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table saved_views (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  page text not null,
  name text not null,
  state jsonb not null,
  created_at timestamptz not null default now()
);
create index saved_views_user_idx on saved_views (user_id, page);

create table audit_log (
  id bigint generated always as identity primary key,
  actor_type text not null check (actor_type in ('user','token','system','cli')),
  actor_id text,
  actor_name text,
  action text not null,
  entity text not null,
  entity_id text,
  before jsonb,
  after jsonb,
  at timestamptz not null default now()
);
create index audit_log_entity_idx on audit_log (entity, entity_id);
create index audit_log_at_idx on audit_log (at desc);

-- Support tickets and NPS answers; every usage-related table carries account_id.
create table tickets (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  external_id text unique,
  contact_id uuid references contacts(id) on delete set null,
  subject text not null,
  priority text not null default 'normal' check (priority in ('low','normal','high','urgent')),
  status text not null default 'open' check (status in ('open','pending','solved','closed')),
  opened_at timestamptz not null,
  closed_at timestamptz
);
create index tickets_account_idx on tickets (account_id, opened_at);

create table nps_responses (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  contact_id uuid references contacts(id) on delete set null,
  external_id text unique,
  score smallint not null check (score between 0 and 10),
  comment text,
  responded_at timestamptz not null
);
create index nps_responses_account_idx on nps_responses (account_id, responded_at);

-- Daily product-usage roll-up per account, day (org time zone) and event.
create table usage_daily (
  account_id uuid not null references accounts(id) on delete cascade,
  day date not null,
  event text not null,
  count integer not null check (count >= 0),
  users integer not null check (users >= 0),
  primary key (account_id, day, event)
);

create table settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);
