-- Customer messaging (docs/messaging.md): templates, consent, suppression, sends and their events.
-- The one way a module sends a message to a customer (email, SMS, webhook).
create table message_templates (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  channel text not null check (channel in ('email', 'sms', 'webhook')),
  -- Marketing messages carry an unsubscribe link and respect every preference; transactional ones only
  -- the suppression list.
  message_type text not null check (message_type in ('transactional', 'marketing')),
  -- {"zh-CN": {"subject": …, "body": …}, "en": {…}}: Markdown bodies with {{variables}} (src/shared/messaging.ts).
  content jsonb not null,
  track_opens boolean not null default true,
  track_clicks boolean not null default true,
  -- Webhook channel: where the signed POST goes.
  webhook_url text,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create unique index message_templates_name_idx on message_templates (lower(name)) where deleted_at is null;

-- Per-contact channel preferences; no row: everything on.
create table contact_message_preferences (
  contact_id uuid primary key references contacts (id) on delete cascade,
  email_marketing boolean not null default true,
  sms boolean not null default true,
  -- When the contact last unsubscribed from marketing email (one click), for the record.
  unsubscribed_at timestamptz,
  updated_at timestamptz not null default now()
);

-- Addresses nothing is sent to: bounced, complained, or added by hand. Lower-cased.
create table message_suppressions (
  address text primary key,
  reason text not null check (reason in ('bounce', 'complaint', 'manual')),
  detail text,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);

-- One row per (idempotency key): claimed → sent / skipped (reason) / failed. A re-run with the same key
-- never sends twice; only failed rows and claims past their lease are taken again.
create table message_sends (
  id uuid primary key default gen_random_uuid(),
  idempotency_key text not null unique,
  template_id uuid references message_templates (id) on delete set null,
  template_name text not null,
  channel text not null,
  message_type text not null,
  account_id uuid references accounts (id) on delete cascade,
  contact_id uuid references contacts (id) on delete set null,
  address text,
  locale text,
  subject text,
  status text not null check (status in ('claimed', 'queued', 'sent', 'skipped', 'failed')),
  reason text,
  attempts int not null default 1,
  error text,
  provider_id text,
  -- Webhook channel: the JSON body delivered (and re-delivered on retries) as it was rendered.
  payload jsonb,
  -- A test send to the signed-in user: never on a timeline.
  test boolean not null default false,
  claimed_at timestamptz not null,
  sent_at timestamptz
);
create index message_sends_account_idx on message_sends (account_id, claimed_at desc);
create index message_sends_address_idx on message_sends (lower(address), claimed_at desc);

-- What happened to a send afterwards: opened, clicked (url), bounced, replied, unsubscribed.
create table message_events (
  id uuid primary key default gen_random_uuid(),
  send_id uuid not null references message_sends (id) on delete cascade,
  type text not null check (type in ('open', 'click', 'bounce', 'reply', 'unsubscribe')),
  url text,
  occurred_at timestamptz not null default now()
);
create index message_events_send_idx on message_events (send_id, occurred_at);

-- One row: the signing secret of tracking links and webhooks, and the SMS provider.
create table messaging_settings (
  id int primary key default 1 check (id = 1),
  secret text not null,
  sms_provider text not null default 'log' check (sms_provider in ('log', 'twilio')),
  -- Provider settings ({"accountSid", "authToken", "from", "baseUrl"}), kept out of every API reply but the fact they are set.
  sms_config jsonb not null default '{}',
  updated_at timestamptz not null default now()
);
