-- Lifecycle (docs/lifecycle.md): the stage is computed daily from each account's dates into
-- accounts.lifecycle_stage; a stage set by hand wins until it is cleared.
create table lifecycle_overrides (
  account_id uuid primary key references accounts(id) on delete cascade,
  stage text not null check (stage in ('prospect','handoff','onboarding','adoption','renewal','renewed','churned')),
  reason text not null,
  set_by uuid references users(id) on delete set null,
  set_at timestamptz not null default now()
);
