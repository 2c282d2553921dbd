-- Monthly value reports to customers (docs/value-reports.md): on/off per account, one send per account and month.
create table value_report_settings (
  account_id uuid primary key references accounts(id) on delete cascade,
  enabled boolean not null,
  updated_by uuid references users(id) on delete set null,
  updated_at timestamptz not null default now()
);
create index value_report_settings_enabled_idx on value_report_settings (account_id) where enabled;

-- Claimed before it is sent: a re-run or a second worker never sends the same month twice.
create table value_report_sends (
  account_id uuid not null references accounts(id) on delete cascade,
  month text not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
  status text not null check (status in ('claimed','sent','skipped','failed')),
  contact_id uuid references contacts(id) on delete set null,
  email text,
  locale text,
  attempts integer not null default 1,
  error text,
  claimed_at timestamptz not null,
  sent_at timestamptz,
  primary key (account_id, month)
);
