-- ICP fit and customer maturity (docs/fit-and-maturity.md), owned by the fit module.
-- Fit criteria: each one a BANT answer from the handoff or a firmographic field of the account, with a
-- rule and the points it is worth; an account's fit score is the share of the active criteria's points it
-- meets, 0–100 (computed set-based, src/modules/fit/fit.read.ts).
create table fit_criteria (
  id uuid primary key default gen_random_uuid(),
  -- 'bant.budget' … 'bant.timeline', 'industry', 'region', 'tier', 'employees', 'arr', 'plan', 'attributes.<key>'.
  field text not null,
  -- answered: any non-empty value; one_of: equals one of `values` (case-insensitive); contains: holds one
  -- of `values`; range: a number from `min` to `max` (either may be open).
  rule text not null check (rule in ('answered', 'one_of', 'contains', 'range')),
  "values" text[] not null default '{}',
  min numeric,
  max numeric,
  points integer not null check (points between 1 and 100),
  label text,
  position integer not null default 0,
  active boolean not null default true,
  updated_at timestamptz not null default now()
);

-- The default set: motivation measured by BANT, the four answers recorded at handoff, equal weight.
insert into fit_criteria (field, rule, points, position) values
  ('bant.budget', 'answered', 25, 1),
  ('bant.authority', 'answered', 25, 2),
  ('bant.need', 'answered', 25, 3),
  ('bant.timeline', 'answered', 25, 4);

-- A CSM's assessment of a customer's maturity on four dimensions, each 1 (immature) – 4 (high); the
-- overall level follows the rule in src/shared/fit.ts. Kept as a history: the newest one counts.
create table account_maturity_assessments (
  id uuid primary key default gen_random_uuid(),
  -- Order of entry: two assessments at the same moment (a fixed clock) still have a newest.
  seq bigint generated always as identity,
  account_id uuid not null references accounts (id) on delete cascade,
  cognition smallint not null check (cognition between 1 and 4),
  strategy smallint not null check (strategy between 1 and 4),
  people smallint not null check (people between 1 and 4),
  tools smallint not null check (tools between 1 and 4),
  level text not null check (level in ('immature', 'low', 'medium', 'high')),
  note text,
  assessed_by uuid references users (id) on delete set null,
  assessed_at timestamptz not null default now()
);
create index account_maturity_assessments_account_idx on account_maturity_assessments (account_id, assessed_at desc, seq desc);

-- Lists and segments filter on them like the other hot figures (docs/lists.md): written through the
-- accounts service from the fit module's read models.
alter table account_facts add column fit_score smallint;
alter table account_facts add column fit_grade text check (fit_grade in ('A', 'B', 'C', 'D'));
alter table account_facts add column maturity_level text check (maturity_level in ('immature', 'low', 'medium', 'high'));
create index account_facts_fit_idx on account_facts (fit_score desc nulls last, account_id);
