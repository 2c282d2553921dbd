-- Business reviews (QBR / EBR, docs/business-reviews.md): how often each service tier meets its customer
-- for a review, and which kind. A review is logged on the timeline (activity type 'qbr', data.kind 'qbr'
-- or 'ebr'); the next one is due the cadence's months after the last (after the first payment when none).
create table review_cadences (
  tier text primary key check (tier in ('high_touch', 'low_touch', 'tech_touch')),
  -- null: no business reviews for this tier.
  months integer check (months is null or months between 1 and 24),
  kind text not null default 'qbr' check (kind in ('qbr', 'ebr')),
  updated_by uuid references users (id) on delete set null,
  updated_at timestamptz not null default now()
);
-- PRODUCT §9: at least twice a year, four times for large accounts. Tech-touch accounts are served
-- one-to-many, so they start without reviews; an admin can switch them on.
insert into review_cadences (tier, months, kind) values
  ('high_touch', 3, 'qbr'),
  ('low_touch', 6, 'qbr'),
  ('tech_touch', null, 'qbr');

insert into playbooks (key, name, description) values
  ('business_review', 'Business review', 'Prepare and hold the QBR / EBR: generate the deck, agree the objectives for the next period, log the review.');

insert into playbook_tasks (playbook_id, key, position, title, due_days, owner_role, email_template)
select p.id, t.key, t.position, t.title, t.due_days, t.owner_role, null
from (values
  ('review_schedule', 1, 'Schedule the review with the decision maker', 0, 'csm'),
  ('review_prepare_deck', 2, 'Generate the deck and check the figures', 7, 'csm'),
  ('review_hold', 3, 'Hold the review and agree the next-period plan', 14, 'csm')
) as t (key, position, title, due_days, owner_role)
join playbooks p on p.key = 'business_review';

-- Opens 14 days before a review falls due; logging the review moves the due date, which closes it.
insert into cta_rules (key, name, trigger, params, cta_type, priority, owner, due_days, playbook_id, auto_close)
select 'review_due', 'Business review due', 'review_due', '{"daysBefore": 14}'::jsonb, 'renewal', 'medium', 'account_owner', 14, p.id, true
from playbooks p where p.key = 'business_review';
