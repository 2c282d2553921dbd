-- The shipped playbook descriptions named the methodology notes they came from; the product
-- speaks for itself. Only descriptions nobody has edited are replaced.
update playbooks set description = 'A missed milestone raises a CTA for the onboarding manager; if the plan cannot hold, agree a statement of work; flag it when other teams must help.'
where key = 'milestone_recovery'
  and description = 'Seed 004 (Gainsight onboarding): a missed milestone raises a CTA for the onboarding manager; if the plan cannot hold, agree a statement of work; flag it when other teams must help.';

update playbooks set description = 'Two weeks without logging in: find out why by email or phone and fix it.'
where key = 'reengage'
  and description = 'Seed 004: two weeks without logging in — find out why by email or phone and fix it.';

update playbooks set description = 'Red two weeks running: find the measures that caused it and act on them.'
where key = 'health_recovery'
  and description = 'Seed 004: red two weeks running — find the measures that caused it and act on them.';

update playbooks set description = 'Start 90 days before the end: assess the renewal, clear open issues, plan, call, review in the team meeting, record the outcome.'
where key = 'renewal_90'
  and description = 'Seed 004 renewal process: start 90 days before the end; assess the renewal, clear open issues, plan, call, review in the team meeting, record the outcome.';
