-- CTA identity (issue 10, docs/ctas.md "CTA identity"): a rule's CTA is about one fact — an NPS
-- answer, a renewal date, a milestone, a ticket, an episode of a continuing condition. A closed CTA
-- never comes back for the same fact; at most one CTA per rule and account is open at a time.

-- fact_key: the firing's identity within (rule, account); null only on manual CTAs.
-- anchor_on: the date a date-anchored CTA counts back from (a renewal's date); its due date never passes it.
alter table ctas add column fact_key text;
alter table ctas add column anchor_on date;

-- Episodes of continuing conditions (usage drop, no activity, red health, seats used, payment
-- failing, ticket spike): one current row per (rule, account, condition) while the condition holds;
-- a rule run that finds the condition gone ends it, and a recurrence starts a new one. The CTA's
-- fact key names the episode, so a CTA closed by hand stays closed while the episode lasts.
create table cta_episodes (
  id uuid primary key default gen_random_uuid(),
  rule_id uuid not null references cta_rules (id) on delete cascade,
  account_id uuid not null references accounts (id) on delete cascade,
  condition text not null,
  started_at timestamptz not null,
  ended_at timestamptz
);
create unique index cta_episodes_current on cta_episodes (rule_id, account_id, condition) where ended_at is null;
create index cta_episodes_account_idx on cta_episodes (account_id);

-- Backfill. Continuing conditions: the latest CTA of each (rule, account) that is still open or
-- was closed by a person belongs to an episode that is still running (a later run that no longer
-- finds the condition ends it), so it neither auto-closes nor reopens after the upgrade.
create temporary table cta_backfill on commit drop as
select c.id, c.rule_id, c.account_id, c.status, c.outcome, c.opened_at, c.reason_params, r.trigger,
       case when r.trigger = 'tickets' then 'spike' else r.trigger end as condition,
       (r.trigger in ('usage_drop', 'no_activity', 'health_red', 'seats_used', 'payment_failed')
         or (r.trigger = 'tickets' and coalesce((c.reason_params->>'urgent')::int, 0) = 0)) as continuing
from ctas c join cta_rules r on r.id = c.rule_id;

with latest as (
  select distinct on (rule_id, account_id, condition) id, rule_id, account_id, condition, opened_at, status, outcome
  from cta_backfill where continuing
  order by rule_id, account_id, condition, opened_at desc, id desc
), started as (
  insert into cta_episodes (rule_id, account_id, condition, started_at)
  select rule_id, account_id, condition, opened_at from latest
  where status <> 'closed' or outcome is distinct from 'condition_cleared'
  returning id, rule_id, account_id, condition
)
update ctas c set fact_key = s.condition || '@' || s.id
from latest l join started s on s.rule_id = l.rule_id and s.account_id = l.account_id and s.condition = l.condition
where c.id = l.id;

-- Discrete facts, read back from the reason and the data as the triggers now name them.
update ctas c set fact_key = f.fact
from (
  select b.id,
    case b.trigger
      when 'renewal_due' then 'renewal:' || (b.reason_params->>'renewsOn')
      when 'milestone_overdue' then (
        select 'milestone:' || t.id from milestone_templates t
        where t.key = b.reason_params->>'milestoneKey' or (t.key is null and t.name = b.reason_params->>'milestone')
        order by (t.key is null), t.id limit 1)
      when 'nps_detractor' then (
        select 'nps:' || n.id from nps_responses n
        where n.account_id = b.account_id and n.responded_at <= b.opened_at and n.score <= 6
        order by n.responded_at desc limit 1)
      when 'promoter' then (
        select 'nps:' || n.id from nps_responses n
        where n.account_id = b.account_id and n.responded_at <= b.opened_at and n.score >= 9
        order by n.responded_at desc limit 1)
      when 'tickets' then (
        select 'ticket:' || t.id from tickets t
        where t.account_id = b.account_id and t.priority = 'urgent' and t.opened_at <= b.opened_at
        order by (t.status in ('open', 'pending')) desc, t.opened_at, t.id limit 1)
      when 'key_contact_left' then (
        select 'contact:' || k.id from contacts k
        where k.account_id = b.account_id and k.name = b.reason_params->>'name'
        order by k.deleted_at desc nulls last, k.id limit 1)
    end as fact
  from cta_backfill b where not b.continuing
) f
where c.id = f.id and f.fact is not null;

-- Duplicates of one fact (the very CTAs this migration stops): the open one, else the latest,
-- keeps the key; the others, and whatever could not be read back, get a key of their own.
update ctas c set fact_key = coalesce(c.fact_key, 'legacy') || '#' || c.id
from (
  select id, row_number() over (partition by rule_id, account_id, fact_key order by (status <> 'closed') desc, opened_at desc, id desc) as n, fact_key
  from ctas where rule_id is not null
) d
where c.id = d.id and (d.fact_key is null or d.n > 1);

-- Renewal CTAs are anchored at their renewal date.
update ctas set anchor_on = (reason_params->>'renewsOn')::date
where fact_key like 'renewal:%' and reason_params->>'renewsOn' ~ '^\d{4}-\d{2}-\d{2}$';
update ctas set due_on = anchor_on where anchor_on is not null and due_on > anchor_on;
update cta_tasks t set due_on = c.anchor_on from ctas c
where c.id = t.cta_id and c.status <> 'closed' and c.anchor_on is not null and t.due_on > c.anchor_on;

-- A closed CTA keeps its fact: the same fact never opens a second CTA of the rule.
create unique index ctas_one_per_fact on ctas (rule_id, account_id, fact_key);
alter table ctas add constraint ctas_rule_has_fact check (rule_id is null or fact_key is not null);
alter table ctas add constraint ctas_due_by_anchor check (anchor_on is null or due_on <= anchor_on);
