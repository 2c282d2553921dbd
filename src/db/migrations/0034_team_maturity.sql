-- The CS team's maturity self-assessment (docs/maturity.md): the CS leader rates eight practices from 1
-- (not done) to 5 (automated), as often as they like; the history shows the team's progress.
create table maturity_assessments (
  id uuid primary key default gen_random_uuid(),
  -- {"segmentation": 1–5, "lifecycle": …, …}: one level per practice (src/shared/maturity.ts).
  levels jsonb not null,
  note text,
  taken_by uuid references users (id) on delete set null,
  taken_at timestamptz not null default now()
);
create index maturity_assessments_taken_idx on maturity_assessments (taken_at desc);
