-- Sales → CS handoff (docs/handoff.md): the checklist answers per account, and the moment it was handed over.
create table handoffs (
  account_id uuid primary key references accounts(id) on delete cascade,
  status text not null default 'draft' check (status in ('draft','handed_over')),
  answers jsonb not null default '{}'::jsonb,
  deal_size_minor bigint check (deal_size_minor >= 0),
  sales_cycle_days integer check (sales_cycle_days >= 0),
  implementation_days integer check (implementation_days >= 0),
  handed_over_at timestamptz,
  handed_over_by uuid references users(id) on delete set null,
  updated_by uuid references users(id) on delete set null,
  updated_at timestamptz not null default now()
);
