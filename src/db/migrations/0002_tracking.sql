-- Product usage from the tracking API (Segment-compatible): write keys, raw events, the people
-- and companies they come from, and the roll-ups health, metrics and the UI read.

-- Ingest-only credentials for /v1/*; stored as SHA-256 digests like API tokens.
create table write_keys (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  key_hash text not null unique,
  prefix text not null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- Raw events, one row per acknowledged message. message_id is unique across all write keys, so a
-- message re-sent after a key rotation is still recognised. account_id stays null until the
-- person is linked to an account (group / context.groupId); no foreign keys, so the hot insert
-- checks nothing but the message id, and the table can be distributed by account_id later.
create table usage_events (
  message_id text primary key,
  write_key_id uuid,
  type text not null check (type in ('identify','group','track','page','screen','alias')),
  -- The name roll-ups count under: the track event, '$page' or '$screen'; null for the others.
  event text,
  user_id text,
  anonymous_id text,
  person text generated always as (coalesce(user_id, 'anon:' || anonymous_id)) stored,
  group_id text,
  account_id uuid,
  -- Corrected for the sender's clock skew; `day` is its calendar day in the organisation's zone.
  timestamp timestamptz not null,
  day date not null,
  original_timestamp timestamptz,
  sent_at timestamptz,
  received_at timestamptz not null,
  -- properties of track/page/screen, traits of identify/group.
  properties jsonb not null default '{}'::jsonb,
  context jsonb not null default '{}'::jsonb
);
-- Only two small indexes besides the message id: nothing reads raw events by account (roll-ups
-- and the per-person view read the roll-up tables), so each stored event costs little.
create index usage_events_unattributed_idx on usage_events (person) where account_id is null;
create index usage_events_unattributed_recent_idx on usage_events (received_at) where account_id is null;
create index usage_events_timestamp_idx on usage_events using brin (timestamp);

-- Attributed usage events not yet counted in the roll-ups: written by the statement that stores
-- the events (or attributes them), consumed by the roll-up in the transaction that adds them to
-- the counts — so each is counted exactly once, and a crash between acknowledgement and roll-up
-- leaves them here for the next start. Heap only: inserting costs no index maintenance, and the
-- roll-up takes the whole table at once (rows committed meanwhile stay for the next round).
create table usage_pending (
  account_id uuid not null,
  day date not null,
  event text not null,
  person text not null,
  timestamp timestamptz not null
);

-- Who used which event on which day: lets the roll-up add distinct users incrementally.
create table usage_event_people (
  account_id uuid not null,
  day date not null,
  event text not null,
  person text not null,
  primary key (account_id, day, event, person)
);

-- Distinct active people per account and day (usage_daily has them per event).
create table usage_active_daily (
  account_id uuid not null references accounts(id) on delete cascade,
  day date not null,
  users integer not null check (users >= 0),
  primary key (account_id, day)
);

-- Per person, account and day: the per-user view reads this, not the raw events.
create table usage_user_daily (
  account_id uuid not null references accounts(id) on delete cascade,
  day date not null,
  person text not null,
  events integer not null check (events >= 0),
  last_seen_at timestamptz not null,
  primary key (account_id, day, person)
);

-- Every event name seen, with the product module an admin maps it to.
create table event_catalogue (
  event text primary key,
  module text,
  first_seen_at timestamptz,
  last_seen_at timestamptz
);

-- Who belongs to which account (latest group / context.groupId wins) and their identify traits
-- waiting to be applied to the contact.
create table tracking_profiles (
  person text primary key,
  user_id text,
  account_id uuid references accounts(id) on delete set null,
  linked_at timestamptz,
  traits jsonb not null default '{}'::jsonb,
  traits_pending boolean not null default false,
  updated_at timestamptz not null default now()
);
create index tracking_profiles_pending_idx on tracking_profiles (person) where traits_pending;
create index tracking_profiles_linked_idx on tracking_profiles (linked_at);
create index tracking_profiles_account_idx on tracking_profiles (account_id);

-- Group traits waiting to be applied to the account the group id names (accounts.external_id).
create table tracking_groups (
  group_id text primary key,
  account_id uuid not null references accounts(id) on delete cascade,
  traits jsonb not null default '{}'::jsonb,
  traits_pending boolean not null default false,
  updated_at timestamptz not null default now()
);
create index tracking_groups_pending_idx on tracking_groups (group_id) where traits_pending;
