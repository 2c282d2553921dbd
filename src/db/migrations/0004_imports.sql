-- Spreadsheet import jobs started through the API: their progress and report live here, so any
-- API process can answer "how far is it" while the one that received the upload does the work.
create table import_jobs (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('accounts','contacts','subscriptions','usage','tickets','nps')),
  file_name text not null,
  state text not null default 'running' check (state in ('running','done','failed')),
  rows integer not null default 0,
  imported integer not null default 0,
  total_bytes bigint not null default 0,
  read_bytes bigint not null default 0,
  -- Reasons as catalog keys with their parameters: phrased in each reader's language.
  report jsonb,
  error text,
  created_by uuid references users(id) on delete set null,
  created_by_name text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
create index import_jobs_created_idx on import_jobs (created_at desc);
