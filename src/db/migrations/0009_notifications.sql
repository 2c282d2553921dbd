-- Team notifications (docs/notifications.md): in-app per user, chat robots per channel, daily digests.
create table notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  event text not null,
  title_key text not null,
  body_key text,
  params jsonb not null default '{}'::jsonb,
  link text,
  account_id uuid references accounts(id) on delete cascade,
  -- The caller's idempotency key per user: notifying twice for the same thing stores one row.
  dedupe_key text,
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index notifications_user_idx on notifications (user_id, created_at desc);
create index notifications_unread_idx on notifications (user_id) where read_at is null;
create unique index notifications_dedupe_key on notifications (user_id, dedupe_key) where dedupe_key is not null;

create table notification_channels (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('wecom','dingtalk','feishu','slack')),
  name text not null,
  url text not null,
  secret text,
  events text[] not null default '{}',
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- One row per channel and idempotency key, claimed before the webhook is called.
create table notification_deliveries (
  channel_id uuid not null references notification_channels(id) on delete cascade,
  idempotency_key text not null,
  status text not null check (status in ('claimed','sent','failed')),
  attempts integer not null default 1,
  error text,
  claimed_at timestamptz not null,
  sent_at timestamptz,
  primary key (channel_id, idempotency_key)
);

create table notification_digests (
  user_id uuid not null references users(id) on delete cascade,
  day date not null,
  status text not null check (status in ('claimed','sent','skipped','failed')),
  claimed_at timestamptz not null,
  sent_at timestamptz,
  primary key (user_id, day)
);
