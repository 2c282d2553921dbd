-- Health scores (docs/health.md): scorecards and their measures, CSM sentiment, daily snapshots.

create table health_scorecards (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  description text,
  -- Colours: score < red_below is red, score >= green_from is green, yellow between.
  red_below numeric not null default 40 check (red_below between 0 and 100),
  green_from numeric not null default 70 check (green_from between 0 and 100),
  -- Applies to accounts in any of these segments; empty = every account.
  segment_ids uuid[] not null default '{}',
  -- Applies only while the account is within this many days of its first paid day (onboarding scores).
  max_tenure_days integer check (max_tenure_days > 0),
  active boolean not null default true,
  -- The overall score: rules such as "red for N weeks" read this one.
  is_primary boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (red_below <= green_from)
);
create unique index health_scorecards_primary_key on health_scorecards ((true)) where is_primary;

create table health_measures (
  id uuid primary key default gen_random_uuid(),
  scorecard_id uuid not null references health_scorecards(id) on delete cascade,
  position integer not null,
  type text not null,
  -- For type custom_attribute: the numeric attribute read from accounts.attributes.
  attribute_key text,
  weight numeric not null check (weight > 0),
  -- The raw value at `bad` scores 0 and at `good` 100, linear between and clamped outside;
  -- good < bad means lower is better.
  bad numeric not null,
  good numeric not null,
  check (bad <> good)
);
create index health_measures_scorecard_idx on health_measures (scorecard_id, position);

-- Hand-set CSM sentiment, kept as history so a past day can be scored as it was.
create table health_sentiments (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  -- 1 very negative … 5 very positive
  value smallint not null check (value between 1 and 5),
  comment text,
  set_on date not null,
  expires_on date not null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  check (expires_on > set_on)
);
create index health_sentiments_account_idx on health_sentiments (account_id, set_on desc, created_at desc);

-- One row per scorecard, account and day; the measures of that day travel as parallel arrays
-- (measure id, raw value, 0–100 score, weight) — a tenth of the rows and index entries of one row
-- per measure, which keeps a 100,000-account recompute within seconds. The view below reads them
-- one row per measure.
create table health_snapshots (
  scorecard_id uuid not null references health_scorecards(id) on delete cascade,
  account_id uuid not null references accounts(id) on delete cascade,
  day date not null,
  score numeric(5,1) not null,
  color text not null check (color in ('red','yellow','green')),
  measure_ids uuid[] not null,
  -- A null value: no data that day — the measure is missing and left out of the weighting.
  measure_values float8[] not null,
  measure_scores numeric[] not null,
  measure_weights float8[] not null,
  primary key (scorecard_id, account_id, day)
);
create index health_snapshots_account_idx on health_snapshots (account_id, day);

create view health_measure_snapshots as
select h.scorecard_id, h.account_id, h.day, m.measure_id, m.value, m.score, m.weight
from health_snapshots h
cross join lateral unnest(h.measure_ids, h.measure_values, h.measure_scores, h.measure_weights) as m(measure_id, value, score, weight);

-- The organisation's first day of usage data (before it usage measures are missing, not zero) is
-- min(day): without this index a scan of every roll-up on each recompute.
create index usage_active_daily_day_idx on usage_active_daily (day);
