-- Renewal centre (§7): the forecast category and outcome of each renewal, who does what per
-- segment (RACI), expansion opportunities and advocacy.

-- One row per (account, renewal date) once somebody says something about it: a forecast
-- category set by hand, or the outcome. Renewals without a row are computed on the fly.
create table renewals (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  renews_on date not null,
  category text check (category in ('commit','likely','at_risk','lost')),
  category_set_by uuid references users(id) on delete set null,
  category_set_by_name text,
  category_set_at timestamptz,
  outcome text check (outcome in ('renewed','expanded','downgraded','churned')),
  churn_reason text check (churn_reason in ('price_budget','product_fit','low_adoption','poor_onboarding','support_quality','champion_left','competitor','business_closed','other')),
  outcome_comment text,
  -- ARR up for renewal and ARR after it, base currency minor units, as known when recorded.
  arr_minor bigint check (arr_minor >= 0),
  new_arr_minor bigint check (new_arr_minor >= 0),
  outcome_recorded_by uuid references users(id) on delete set null,
  outcome_recorded_by_name text,
  outcome_recorded_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (account_id, renews_on),
  check (outcome is distinct from 'churned' or churn_reason is not null)
);
create index renewals_outcome_idx on renewals (renews_on) where outcome is not null;

-- Per saved segment: the renewal manager, if the segment has one.
create table renewal_segment_settings (
  segment_id uuid primary key references segments(id) on delete cascade,
  renewal_manager_id uuid references users(id) on delete set null,
  updated_at timestamptz not null default now()
);

-- RACI per segment (segment_id null = the default for every segment without its own).
create table renewal_raci (
  id uuid primary key default gen_random_uuid(),
  segment_id uuid references segments(id) on delete cascade,
  activity text not null check (activity in ('renewal_plan','value_review','negotiation','paperwork','risk_escalation')),
  party text not null check (party in ('csm','renewal_manager','cs_manager','sales')),
  letter text not null check (letter in ('R','A','C','I'))
);
create unique index renewal_raci_key on renewal_raci (coalesce(segment_id, '00000000-0000-0000-0000-000000000000'::uuid), activity, party);

create table expansion_opportunities (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  title text not null,
  source text not null check (source in ('rule','support','manual')),
  -- What raised it (a rule's CTA id, a ticket id …): one opportunity per source reference.
  source_ref text,
  ticket_id uuid references tickets(id) on delete set null,
  stage text not null default 'identified' check (stage in ('identified','qualified','proposal','won','lost')),
  amount_minor bigint not null default 0 check (amount_minor >= 0),
  currency char(3) not null,
  owner_id uuid references users(id) on delete set null,
  expected_close_on date,
  product text,
  notes text,
  created_by_name text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  closed_at timestamptz
);
create unique index expansion_opportunities_source_key on expansion_opportunities (source, source_ref) where source_ref is not null;
create index expansion_opportunities_account_idx on expansion_opportunities (account_id);
create index expansion_opportunities_stage_idx on expansion_opportunities (stage);

create table expansion_stage_history (
  id bigint generated always as identity primary key,
  opportunity_id uuid not null references expansion_opportunities(id) on delete cascade,
  from_stage text,
  to_stage text not null,
  actor_name text,
  at timestamptz not null default now()
);
create index expansion_stage_history_opportunity_idx on expansion_stage_history (opportunity_id, at);

-- An advocacy ask per account and kind, from candidate to done.
create table advocates (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  contact_id uuid references contacts(id) on delete set null,
  kind text not null check (kind in ('reference_call','case_study','review','referral','event_speaker')),
  stage text not null default 'candidate' check (stage in ('candidate','asked','agreed','done','declined')),
  notes text,
  owner_id uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (account_id, kind)
);

create table referrals (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  referred_company text not null,
  status text not null default 'introduced' check (status in ('introduced','in_talks','won','lost')),
  referred_account_id uuid references accounts(id) on delete set null,
  notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index referrals_account_idx on referrals (account_id);
