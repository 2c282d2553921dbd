-- Each account's hot figures in one row, so the accounts list, saved views and segments sort and filter
-- on them with an index instead of computing them per listed account (docs/lists.md). Owned by the
-- accounts module; each figure is written by its owner's refresh (health, prediction, metrics,
-- surveys, usage, ctas) through the accounts service, set-based. A missing row or a null figure means
-- "not known yet" (no score, no subscription …), never zero.
create table account_facts (
  account_id uuid primary key references accounts (id) on delete cascade,
  -- Current MRR in base-currency minor units and ARR = 12 × MRR (metrics).
  mrr_minor bigint,
  arr_minor bigint,
  -- Plan of the account's largest current subscription (subscriptions).
  plan text,
  -- Earliest quarterly/annual renewal or fixed contract end (subscriptions' contract terms).
  renewal_on date,
  -- Latest score on the primary scorecard, its colour, and its change over 30 days (health).
  health_score double precision,
  health_color text check (health_color in ('red', 'yellow', 'green')),
  health_trend double precision,
  -- 0–1 (prediction).
  renewal_probability double precision,
  -- Latest NPS answer, 0–10 (surveys).
  latest_nps smallint,
  -- Distinct people active in the last 30 days (usage).
  active_users_30d integer,
  -- Open and snoozed CTAs (ctas).
  open_ctas integer,
  updated_at timestamptz not null default now()
);

-- Every account has its row from its creation (figures null until their owners write them), so lists
-- join it inner and walk an index in the sort's order: a page sorted by health reads 25 index entries,
-- not 100k rows. Set-based: one insert per statement that created accounts (imports create thousands).
insert into account_facts (account_id) select id from accounts;

create function account_facts_for_new_accounts() returns trigger language plpgsql as $$
begin
  insert into account_facts (account_id) select id from created on conflict (account_id) do nothing;
  return null;
end $$;

create trigger account_facts_rows after insert on accounts
  referencing new table as created for each statement execute function account_facts_for_new_accounts();

-- The list's sorts, both ways, with the id that breaks ties (accounts.id = account_id), empties last.
create index account_facts_health_asc_idx on account_facts (health_score asc nulls last, account_id);
create index account_facts_health_desc_idx on account_facts (health_score desc nulls last, account_id);
create index account_facts_arr_asc_idx on account_facts (arr_minor asc nulls last, account_id);
create index account_facts_arr_desc_idx on account_facts (arr_minor desc nulls last, account_id);
create index account_facts_renewal_asc_idx on account_facts (renewal_on asc nulls last, account_id);
create index account_facts_renewal_desc_idx on account_facts (renewal_on desc nulls last, account_id);
create index account_facts_probability_asc_idx on account_facts (renewal_probability asc nulls last, account_id);
create index account_facts_probability_desc_idx on account_facts (renewal_probability desc nulls last, account_id);
-- "Red (or yellow) renewing soon": colour, then the renewal date.
create index account_facts_color_idx on account_facts (health_color, renewal_on);
