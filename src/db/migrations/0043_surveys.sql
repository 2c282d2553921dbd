-- Surveys sent by Tenure (docs/surveys.md): definitions, and one send per survey × contact with its answer.
-- The invitation goes out through customer messaging (0042); an NPS answer is also stored in nps_responses.
create table surveys (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  kind text not null check (kind in ('nps', 'csat', 'custom')),
  -- Custom questions choose their scale; NPS is 0–10 and CSAT 1–5 always.
  scale text not null check (scale in ('0-10', '1-5')),
  -- {"zh-CN": "…", "en": "…"}: the question per language; empty means the kind's default (NPS, CSAT).
  question jsonb not null default '{}',
  template_id uuid not null references message_templates (id),
  -- No contact is surveyed (by any survey) more than once within this many days.
  throttle_days integer not null default 90 check (throttle_days between 0 and 3650),
  active boolean not null default true,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index surveys_name_idx on surveys (lower(name));

-- One invitation of one contact; the signed token in its link authenticates the public answer page.
-- At most one answer per send: score, comment and responded_at are written once.
create table survey_sends (
  id uuid primary key,
  survey_id uuid not null references surveys (id) on delete cascade,
  account_id uuid not null references accounts (id) on delete cascade,
  contact_id uuid not null references contacts (id) on delete cascade,
  token text not null unique,
  -- 'sent' once messaging sent the invitation; 'skipped'/'failed' (reason as messaging said) do not throttle.
  status text not null check (status in ('pending', 'sent', 'skipped', 'failed')),
  reason text,
  message_send_id uuid,
  locale text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  expires_at timestamptz not null,
  responded_at timestamptz,
  score integer,
  comment text,
  -- The NPS answer this response became (nps_responses.external_id = 'survey:<id>').
  nps_response_id uuid
);
create index survey_sends_contact_idx on survey_sends (contact_id, sent_at);
create index survey_sends_survey_idx on survey_sends (survey_id, sent_at);
create index survey_sends_account_idx on survey_sends (account_id, responded_at);
