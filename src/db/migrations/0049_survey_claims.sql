-- Invitations other modules ask for exactly once (docs/surveys.md): a journey's survey step claims
-- "journey:<participant>:<step>:<contact>", a closed ticket "ticket:<ticket>". One invitation per survey × claim.
alter table survey_sends add column claim_key text;
create unique index survey_sends_claim_idx on survey_sends (survey_id, claim_key) where claim_key is not null;
