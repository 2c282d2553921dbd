-- Journeys (docs/journeys.md): programs that move accounts or contacts through a flow of steps on the job
-- queue. A journey is edited as a draft and published as numbered versions; participants keep their step.
create table journeys (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  description text not null default '',
  status text not null default 'draft' check (status in ('draft', 'active', 'paused', 'archived')),
  -- The definition being edited (src/shared/journeys.ts, journeyDefinitionSchema).
  draft jsonb not null,
  -- The latest published version; null before the first publish.
  version integer,
  -- Event entry: tracking events received before this have been read; the next run reads from here.
  event_cursor timestamptz,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table journey_versions (
  journey_id uuid not null references journeys (id) on delete cascade,
  version integer not null,
  definition jsonb not null,
  published_at timestamptz not null,
  published_by uuid references users (id) on delete set null,
  primary key (journey_id, version)
);

-- One participation: an account (account scope) or a contact (contact scope) going through a journey once.
-- Re-entry makes a new row. A worker claims due rows for a lease (claim_token, claimed_until) with
-- `for update skip locked`; a crashed worker's claim runs out and another takes the rows again.
create table journey_participants (
  id uuid primary key default gen_random_uuid(),
  journey_id uuid not null references journeys (id) on delete cascade,
  version integer not null,
  account_id uuid not null references accounts (id) on delete cascade,
  contact_id uuid references contacts (id) on delete cascade,
  step_id text,
  status text not null check (status in ('active', 'waiting', 'completed', 'exited')),
  -- When it is next looked at: now for a step to run, a wait's end, quiet hours' end; null once it left.
  next_at timestamptz,
  -- An event or condition wait: looked at every minute (next_at) until it holds or times out.
  polls boolean not null default false,
  -- When it reached its current step (a wait counts from here).
  step_started_at timestamptz not null,
  -- The steps it has passed, in order (the counts on the flow).
  passed text[] not null default '{}',
  entered_at timestamptz not null,
  left_at timestamptz,
  left_reason text,
  claim_token uuid,
  claimed_until timestamptz,
  -- The database session (application_name) of the worker holding the claim: which process has what.
  claimed_by text
);
-- At most one participation in progress per account (or contact) and journey.
create unique index journey_participants_current_idx
  on journey_participants (journey_id, account_id, coalesce(contact_id, '00000000-0000-0000-0000-000000000000'::uuid))
  where left_at is null;
create index journey_participants_due_idx on journey_participants (next_at) where left_at is null;
create index journey_participants_account_idx on journey_participants (account_id);
create index journey_participants_journey_idx on journey_participants (journey_id, entered_at);

-- Steps with an effect that has no idempotency key of its own (a CTA): claimed once per participation.
create table journey_step_effects (
  participant_id uuid not null references journey_participants (id) on delete cascade,
  step_id text not null,
  created_at timestamptz not null default now(),
  primary key (participant_id, step_id)
);

-- Accounts added to (included) or taken out of (excluded) a segment by hand or by a journey's segment
-- step, on top of its rules. Owned by the segments module.
create table segment_manual_members (
  segment_id uuid not null references segments (id) on delete cascade,
  account_id uuid not null references accounts (id) on delete cascade,
  included boolean not null,
  updated_at timestamptz not null default now(),
  primary key (segment_id, account_id)
);
