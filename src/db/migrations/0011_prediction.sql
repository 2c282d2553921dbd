-- Renewal / churn prediction (docs/prediction.md): trained models with their validation, each
-- active account's latest probability and top factors, and training jobs polled by the UI.
create table prediction_models (
  id uuid primary key default gen_random_uuid(),
  -- The features as asked for (families and attributes) and as used (with their kind).
  requested jsonb not null,
  features jsonb not null,
  n integer not null,
  positives integer not null,
  validation text not null check (validation in ('time','cv')),
  auc double precision,
  folds jsonb not null,
  brier double precision,
  calibration jsonb not null,
  -- Encoding (levels, medians, means, deviations) and coefficients: enough to score any account.
  model jsonb not null,
  trained_by_name text,
  created_at timestamptz not null default now()
);
create index prediction_models_created_idx on prediction_models (created_at desc);

create table prediction_scores (
  account_id uuid not null references accounts(id) on delete cascade,
  model_id uuid not null references prediction_models(id) on delete cascade,
  renewal_probability double precision not null check (renewal_probability between 0 and 1),
  top_factors jsonb not null,
  computed_at timestamptz not null,
  primary key (account_id)
);
create index prediction_scores_model_idx on prediction_scores (model_id);

create table prediction_jobs (
  id uuid primary key default gen_random_uuid(),
  state text not null default 'running' check (state in ('running','done','failed')),
  -- 0–100: gathering features, each validation fold, the final fit, scoring.
  progress integer not null default 0 check (progress between 0 and 100),
  requested jsonb,
  model_id uuid references prediction_models(id) on delete set null,
  error text,
  created_by uuid references users(id) on delete set null,
  created_by_name text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
create index prediction_jobs_created_idx on prediction_jobs (created_at desc);
