-- Success milestones, onboarding managers, rules, playbooks and CTAs (issue #6 points 4–6, docs/ctas.md).

alter table accounts add column onboarding_manager_id uuid references users (id) on delete set null;
create index accounts_onboarding_manager_idx on accounts (onboarding_manager_id);

-- key: set on the shipped defaults so their names read in both languages (web catalog ctas.milestone.<key>).
create table milestone_templates (
  id uuid primary key default gen_random_uuid(),
  key text unique,
  name text not null,
  position integer not null default 0,
  segment_id uuid references segments (id) on delete cascade,
  due_days integer not null check (due_days >= 0),
  auto_event text,
  auto_count integer check (auto_count is null or auto_count > 0),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table account_milestones (
  account_id uuid not null references accounts (id) on delete cascade,
  template_id uuid not null references milestone_templates (id) on delete cascade,
  due_on date not null,
  completed_on date,
  completed_by uuid references users (id) on delete set null,
  completed_how text check (completed_how in ('manual', 'auto')),
  created_at timestamptz not null default now(),
  primary key (account_id, template_id)
);
create index account_milestones_open_idx on account_milestones (due_on) where completed_on is null;

create table playbooks (
  id uuid primary key default gen_random_uuid(),
  key text unique,
  name text not null,
  description text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table playbook_tasks (
  id uuid primary key default gen_random_uuid(),
  playbook_id uuid not null references playbooks (id) on delete cascade,
  key text,
  position integer not null default 0,
  title text not null,
  due_days integer not null default 0 check (due_days >= 0),
  owner_role text,
  email_template text
);
create index playbook_tasks_playbook_idx on playbook_tasks (playbook_id, position);

create table cta_rules (
  id uuid primary key default gen_random_uuid(),
  key text unique,
  name text not null,
  trigger text not null,
  params jsonb not null default '{}',
  cta_type text not null check (cta_type in ('risk', 'expansion', 'renewal', 'onboarding', 'advocacy')),
  priority text not null check (priority in ('low', 'medium', 'high', 'urgent')),
  -- 'account_owner' or a role name; a role resolves to the account's onboarding manager for 'onboarding',
  -- otherwise to the first active user of that role.
  owner text not null default 'account_owner',
  due_days integer not null default 7 check (due_days >= 0),
  playbook_id uuid references playbooks (id) on delete set null,
  segment_id uuid references segments (id) on delete set null,
  enabled boolean not null default true,
  auto_close boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table ctas (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  rule_id uuid references cta_rules (id) on delete set null,
  playbook_id uuid references playbooks (id) on delete set null,
  type text not null check (type in ('risk', 'expansion', 'renewal', 'onboarding', 'advocacy')),
  reason_key text not null,
  reason_params jsonb not null default '{}',
  title text,
  priority text not null check (priority in ('low', 'medium', 'high', 'urgent')),
  owner_id uuid references users (id) on delete set null,
  due_on date not null,
  status text not null default 'open' check (status in ('open', 'snoozed', 'closed')),
  snoozed_until date,
  snooze_reason text,
  outcome text check (outcome in ('success', 'no_action_needed', 'failed', 'condition_cleared')),
  close_reason text,
  closed_at timestamptz,
  closed_by uuid references users (id) on delete set null,
  flagged boolean not null default false,
  flagged_by uuid references users (id) on delete set null,
  flagged_at timestamptz,
  flag_reason text,
  first_action_at timestamptz,
  created_by uuid references users (id) on delete set null,
  opened_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- One open (or snoozed) CTA per rule and account: concurrent rule runs insert … on conflict do nothing.
create unique index ctas_one_open_per_rule on ctas (rule_id, account_id) where status <> 'closed';
create index ctas_owner_idx on ctas (owner_id, status, due_on);
create index ctas_account_idx on ctas (account_id, status);

create table cta_tasks (
  id uuid primary key default gen_random_uuid(),
  cta_id uuid not null references ctas (id) on delete cascade,
  key text,
  position integer not null default 0,
  title text not null,
  due_on date not null,
  owner_role text,
  email_template text,
  done_at timestamptz,
  done_by uuid references users (id) on delete set null
);
create index cta_tasks_cta_idx on cta_tasks (cta_id, position);

create table cta_comments (
  id uuid primary key default gen_random_uuid(),
  cta_id uuid not null references ctas (id) on delete cascade,
  author_id uuid references users (id) on delete set null,
  body text not null,
  created_at timestamptz not null default now()
);
create index cta_comments_cta_idx on cta_comments (cta_id, created_at);

-- The weekly risk meeting: what was discussed and decided about a flagged CTA on a meeting date.
create table cta_meeting_notes (
  id uuid primary key default gen_random_uuid(),
  cta_id uuid not null references ctas (id) on delete cascade,
  meeting_on date not null,
  notes text,
  decision text not null,
  author_id uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index cta_meeting_notes_idx on cta_meeting_notes (meeting_on, cta_id);

-- Shipped defaults (docs/ctas.md gives each number's source). Admins change or switch them off;
-- the keys keep their names translatable.
insert into milestone_templates (key, name, position, due_days) values
  ('kickoff', 'Kick-off', 1, 7),
  ('workshop', 'Workshop: 60 % of the implementation done', 2, 30),
  ('health_model', 'Health model set up', 3, 45),
  ('go_live', 'Go-live', 4, 60),
  ('first_result', 'First business result', 5, 90);

insert into playbooks (key, name, description) values
  ('milestone_recovery', 'Missed milestone recovery', 'Seed 004 (Gainsight onboarding): a missed milestone raises a CTA for the onboarding manager; if the plan cannot hold, agree a statement of work; flag it when other teams must help.'),
  ('reengage', 'Re-engage a silent customer', 'Seed 004: two weeks without logging in — find out why by email or phone and fix it.'),
  ('health_recovery', 'Red health recovery', 'Seed 004: red two weeks running — find the measures that caused it and act on them.'),
  ('detractor_followup', 'Detractor follow-up', 'Close the loop with an NPS detractor.'),
  ('ticket_escalation', 'Urgent ticket escalation', 'Work an urgent ticket or a spike of tickets with support.'),
  ('contact_left', 'Key contact left', 'Rebuild the relationship when a champion or decision maker leaves.'),
  ('payment_recovery', 'Failed payment recovery', 'Recover a failed payment before it becomes churn.'),
  ('renewal_90', '90-day renewal plan', 'Seed 004 renewal process: start 90 days before the end; assess the renewal, clear open issues, plan, call, review in the team meeting, record the outcome.'),
  ('expansion_seats', 'Seat expansion', 'Seats nearly used up: propose more seats.'),
  ('advocacy', 'Advocacy ask', 'A promoter: ask for a reference, a case study or a referral.');

insert into playbook_tasks (playbook_id, key, position, title, due_days, owner_role, email_template)
select p.id, t.key, t.position, t.title, t.due_days, t.owner_role, t.email_template
from (values
  ('milestone_recovery', 'call_missed_milestone', 1, 'Call the customer about the missed milestone', 0, 'onboarding', null),
  ('milestone_recovery', 'agree_new_date', 2, 'Agree a new date, or a statement of work (SOW)', 3, 'onboarding', null),
  ('milestone_recovery', 'flag_if_blocked', 3, 'Flag for other teams if the customer is blocked', 5, 'onboarding', null),
  ('reengage', 'email_why_silent', 1, 'Email the customer to ask why usage stopped', 0, 'csm', 'reengage'),
  ('reengage', 'phone_main_contact', 2, 'Phone the main contact', 3, 'csm', null),
  ('health_recovery', 'find_red_measures', 1, 'Find the measures that turned the score red', 0, 'csm', null),
  ('health_recovery', 'agree_fix', 2, 'Contact the customer and agree a fix', 3, 'csm', null),
  ('detractor_followup', 'call_detractor', 1, 'Call the detractor and listen', 1, 'csm', 'detractor'),
  ('detractor_followup', 'log_root_cause', 2, 'Log the root cause and the fix', 7, 'csm', null),
  ('ticket_escalation', 'review_with_support', 1, 'Review the tickets with support', 0, 'support', null),
  ('ticket_escalation', 'update_customer', 2, 'Update the customer on the plan', 1, 'csm', null),
  ('contact_left', 'find_new_contact', 1, 'Find the new champion or decision maker', 0, 'csm', null),
  ('contact_left', 'reintroduce_value', 2, 'Walk the new contact through the value delivered', 7, 'csm', null),
  ('payment_recovery', 'check_billing', 1, 'Check the billing status with finance', 0, 'csm', null),
  ('payment_recovery', 'contact_billing', 2, 'Contact the customer''s billing contact', 1, 'csm', 'payment'),
  ('renewal_90', 'renewal_assess', 1, 'Assess the renewal: health, usage of core modules, tickets', 0, 'csm', null),
  ('renewal_90', 'renewal_clear_issues', 2, 'Clear open issues before the renewal conversation', 14, 'csm', null),
  ('renewal_90', 'renewal_plan', 3, 'Write the renewal plan with dates and priorities', 21, 'csm', null),
  ('renewal_90', 'renewal_call', 4, 'Renewal call with the decision maker', 45, 'csm', 'renewal'),
  ('renewal_90', 'renewal_review', 5, 'Review in the weekly renewal meeting', 60, 'cs_manager', null),
  ('renewal_90', 'renewal_record', 6, 'Record the outcome and its reasons', 85, 'csm', null),
  ('expansion_seats', 'confirm_seat_need', 1, 'Confirm the seat need with the customer', 0, 'csm', null),
  ('expansion_seats', 'send_proposal', 2, 'Send an expansion proposal', 7, 'sales', null),
  ('advocacy', 'ask_reference', 1, 'Ask for a reference or a case study', 3, 'csm', 'advocacy'),
  ('advocacy', 'invite_referral', 2, 'Invite to the referral programme', 14, 'csm', null)
) as t (playbook, key, position, title, due_days, owner_role, email_template)
join playbooks p on p.key = t.playbook;

insert into cta_rules (key, name, trigger, params, cta_type, priority, owner, due_days, playbook_id, auto_close)
select r.key, r.name, r.trigger, r.params::jsonb, r.cta_type, r.priority, r.owner, r.due_days, p.id, r.auto_close
from (values
  ('milestone_overdue', 'Onboarding milestone overdue', 'milestone_overdue', '{}', 'onboarding', 'high', 'onboarding', 3, 'milestone_recovery', true),
  ('usage_drop', 'Usage down 30 % on the previous 30 days', 'usage_drop', '{"percent": 30, "days": 30}', 'risk', 'medium', 'account_owner', 7, 'reengage', true),
  ('no_activity', 'No activity for 14 days', 'no_activity', '{"days": 14}', 'risk', 'high', 'account_owner', 3, 'reengage', true),
  ('health_red', 'Health red two weeks running', 'health_red', '{"weeks": 2}', 'risk', 'high', 'account_owner', 5, 'health_recovery', false),
  ('nps_detractor', 'NPS detractor', 'nps_detractor', '{"days": 30}', 'risk', 'high', 'account_owner', 2, 'detractor_followup', false),
  ('tickets', 'Urgent ticket or ticket spike', 'tickets', '{"spike": 5, "days": 7}', 'risk', 'high', 'account_owner', 1, 'ticket_escalation', false),
  ('renewal_due', 'Renewal in 90 days', 'renewal_due', '{"days": 90}', 'renewal', 'high', 'account_owner', 85, 'renewal_90', false),
  ('key_contact_left', 'Champion or decision maker left', 'key_contact_left', '{"days": 30}', 'risk', 'high', 'account_owner', 5, 'contact_left', false),
  ('payment_failed', 'Payment failed', 'payment_failed', '{}', 'risk', 'urgent', 'account_owner', 2, 'payment_recovery', true),
  ('seats_used', 'Seats 90 % used', 'seats_used', '{"percent": 90, "days": 30}', 'expansion', 'medium', 'account_owner', 14, 'expansion_seats', false),
  ('promoter', 'NPS promoter', 'promoter', '{"days": 30}', 'advocacy', 'low', 'account_owner', 14, 'advocacy', false)
) as r (key, name, trigger, params, cta_type, priority, owner, due_days, playbook, auto_close)
join playbooks p on p.key = r.playbook;
