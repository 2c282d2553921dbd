-- A CTA a program opens (a journey's "open a CTA" step) carries the program's key for that firing in
-- fact_key, like a rule's CTA carries its fact: the same key never opens a second CTA on the account, so
-- a step run again after a crash finds the CTA it opened instead of opening another or losing it.
create unique index ctas_one_per_program_key on ctas (account_id, fact_key) where rule_id is null and fact_key is not null;

-- The journeys' claim table for CTA steps, which the key above replaces (claiming first lost the CTA when
-- the process died between the claim and the opening).
drop table journey_step_effects;
