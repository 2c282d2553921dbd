-- Success plans (docs/success-plans.md): the value proposition catalogue, the customer's needs mapped to
-- value points at handoff, objectives with a measurable target and their tasks, templates per segment,
-- and the customer's read-only share link.
create table value_points (
  id uuid primary key default gen_random_uuid(),
  name_en text not null,
  name_zh text not null,
  description_en text,
  description_zh text,
  -- Product modules of the usage event catalogue this value is delivered through.
  modules text[] not null default '{}',
  -- Services (onboarding, training, …) delivering it, free text.
  services text[] not null default '{}',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- At handoff: which value points the customer needs, with their own words.
create table account_value_needs (
  account_id uuid not null references accounts (id) on delete cascade,
  value_point_id uuid not null references value_points (id) on delete cascade,
  note text,
  created_at timestamptz not null default now(),
  primary key (account_id, value_point_id)
);

create table success_objectives (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  title text not null,
  value_point_id uuid references value_points (id) on delete set null,
  needed_outcome text,
  owner_id uuid references users (id) on delete set null,
  due_on date,
  status text not null default 'not_started'
    check (status in ('not_started', 'on_track', 'at_risk', 'achieved', 'missed')),
  -- The measurable target: module_usage (events of `metric_key`'s module over 30 days), active_users
  -- (distinct people over 30 days), attribute (numeric custom attribute `metric_key`), nps (latest answer).
  metric_kind text check (metric_kind in ('module_usage', 'active_users', 'attribute', 'nps')),
  metric_key text,
  comparator text check (comparator in ('>=', '<=')),
  target_value double precision,
  position int not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index success_objectives_account_idx on success_objectives (account_id, position);

create table success_tasks (
  id uuid primary key default gen_random_uuid(),
  objective_id uuid not null references success_objectives (id) on delete cascade,
  title text not null,
  owner_id uuid references users (id) on delete set null,
  due_on date,
  done boolean not null default false,
  created_at timestamptz not null default now()
);
create index success_tasks_objective_idx on success_tasks (objective_id);

-- A template: objectives with targets ({title, neededOutcome, valuePointId, target, dueInDays}[]), for a segment.
create table success_plan_templates (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  segment_id uuid references segments (id) on delete set null,
  objectives jsonb not null default '[]',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- The customer's read-only link: the secret is shown once, only its digest is kept; revoking ends it.
create table success_plan_links (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  token_hash text not null unique,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index success_plan_links_account_idx on success_plan_links (account_id);
